-- Who submitted each run: a participant's public id (never the session secret); NULL for runs before owners existed
-- and for the single-user lab's own ("local").
ALTER TABLE runs ADD COLUMN owner VARCHAR(64);
CREATE INDEX runs_owner_num ON runs (owner, num);
