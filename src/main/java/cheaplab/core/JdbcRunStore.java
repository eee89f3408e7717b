package cheaplab.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@link RunStore} over plain JDBC. The default is an embedded H2 file ({@code <data-dir>/runs.mv.db});
 * Flyway applies {@code db/migration} on open. JSON (configs, results, event payloads) is stored as text
 * written and read with {@link Json#MAPPER}.
 */
public final class JdbcRunStore implements RunStore {
    /** H2's "database may be already in use" (another process holds the file lock). */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final int ERROR_MAX = 4000;

    private final String url;
    private final DataSource dataSource;
    private final JdbcConnectionPool pool; // null for non-H2 URLs

    private JdbcRunStore(String url, DataSource dataSource, JdbcConnectionPool pool) {
        this.url = url;
        this.dataSource = dataSource;
        this.pool = pool;
    }

    /**
     * The JDBC URL for a {@code --db} value: a {@code jdbc:} URL is taken as is; anything else is a file path
     * of an H2 database (with or without {@code .mv.db}); null means {@code <dataDir>/runs}.
     */
    public static String url(String db, Path dataDir) {
        if (db != null && db.startsWith("jdbc:")) return db;
        Path p = db == null || db.isBlank() ? dataDir.resolve("runs") : Path.of(db);
        String file = p.toAbsolutePath().normalize().toString();
        if (file.endsWith(".mv.db")) file = file.substring(0, file.length() - ".mv.db".length());
        // DB_CLOSE_ON_EXIT=FALSE: our own shutdown hook still writes "interrupted" events, H2 must not close first.
        // WRITE_DELAY=0: every commit reaches the file at once, so a run that finished survives a kill -9 right
        // after (H2's default 500 ms delay lost it in a test); events are committed in batches, so this is cheap.
        return "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /** Opens (creating if needed) and migrates the store at {@code url}. */
    public static JdbcRunStore open(String url) {
        DataSource ds;
        JdbcConnectionPool pool = null;
        if (url.startsWith("jdbc:h2:")) {
            pool = JdbcConnectionPool.create(url, "sa", "");
            pool.setMaxConnections(16);
            ds = pool;
        } else {
            ds = new DriverManagerSource(url);
        }
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            if (pool != null) pool.dispose();
            if (inUse(e)) throw new RunStoreException("the run store " + url + " is in use by another process", e);
            throw new RunStoreException("cannot open the run store " + url, e);
        }
        return new JdbcRunStore(url, ds, pool);
    }

    /** Whether {@code e} (or a cause) says another process holds the H2 database file. */
    public static boolean inUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == H2_DATABASE_ALREADY_OPEN) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    public String url() {
        return url;
    }

    @Override
    public void insert(RunRecord r) {
        String sql = "INSERT INTO runs (id, lab, attempt, config, status, created_at, started_at, finished_at, duration_ms, result, error, owner)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, r.id());
            s.setString(2, r.lab());
            s.setInt(3, r.attempt());
            s.setString(4, Json.write(r.config()));
            s.setString(5, r.status().name());
            setTime(s, 6, r.created());
            setTime(s, 7, r.started());
            setTime(s, 8, r.finished());
            setDuration(s, 9, r);
            s.setString(10, r.result() == null ? null : Json.write(r.result()));
            s.setString(11, clip(r.error()));
            s.setString(12, r.owner());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new RunStoreException("cannot insert run " + r.id(), e);
        }
    }

    @Override
    public void update(RunRecord r) {
        String sql = "UPDATE runs SET status = ?, started_at = ?, finished_at = ?, duration_ms = ?, result = ?, error = ? WHERE id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, r.status().name());
            setTime(s, 2, r.started());
            setTime(s, 3, r.finished());
            setDuration(s, 4, r);
            s.setString(5, r.result() == null ? null : Json.write(r.result()));
            s.setString(6, clip(r.error()));
            s.setString(7, r.id());
            if (s.executeUpdate() != 1) throw new RunStoreException("no stored run " + r.id(), null);
        } catch (SQLException e) {
            throw new RunStoreException("cannot update run " + r.id(), e);
        }
    }

    @Override
    public void delete(String runId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM runs WHERE id = ?")) {
            s.setString(1, runId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new RunStoreException("cannot delete run " + runId, e);
        }
    }

    @Override
    public void append(List<RunEvent> events) {
        if (events.isEmpty()) return;
        String sql = "INSERT INTO run_events (run_id, attempt, seq, type, payload) VALUES (?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (RunEvent e : events) {
                    s.setString(1, e.runId());
                    s.setInt(2, e.attempt());
                    s.setLong(3, e.seq());
                    s.setString(4, typeOf(e));
                    s.setString(5, Json.write(e));
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new RunStoreException("cannot store " + events.size() + " events", e);
        }
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        String sql = "SELECT * FROM runs WHERE id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new RunStoreException("cannot read run " + runId, e);
        }
    }

    @Override
    public List<RunRecord> history(String lab, int limit) {
        return history(lab, null, limit);
    }

    @Override
    public List<RunRecord> history(String lab, String owner, int limit) {
        String where = lab == null && owner == null ? "" : " WHERE " + (lab != null ? "lab = ?" : "")
                + (lab != null && owner != null ? " AND " : "") + (owner != null ? "owner = ?" : "");
        String sql = "SELECT * FROM runs" + where + " ORDER BY num DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (lab != null) s.setString(i++, lab);
            if (owner != null) s.setString(i++, owner);
            s.setInt(i, Math.max(0, limit));
            List<RunRecord> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(record(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new RunStoreException("cannot read the run history", e);
        }
    }

    @Override
    public List<RunEvent> events(String runId, long afterSeq) {
        String sql = "SELECT payload FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, runId);
            s.setLong(2, afterSeq);
            List<RunEvent> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(Json.MAPPER.readValue(rs.getString(1), RunEvent.class));
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new RunStoreException("cannot read the events of run " + runId, e);
        }
    }

    @Override
    public List<String> interruptInFlight(Instant now) {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<String[]> inFlight = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT id, attempt, status FROM runs WHERE status IN ('QUEUED', 'RUNNING') ORDER BY num");
                     ResultSet rs = s.executeQuery()) {
                    while (rs.next()) inFlight.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
                }
                for (String[] run : inFlight) {
                    String id = run[0];
                    int attempt = Integer.parseInt(run[1]);
                    long last;
                    try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM run_events WHERE run_id = ?")) {
                        s.setString(1, id);
                        try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                            last = rs.getLong(1);
                        }
                    }
                    RunEvent e = new RunEvent.Interrupted(id, attempt, last + 1, now.toEpochMilli());
                    try (PreparedStatement s = c.prepareStatement(
                            "INSERT INTO run_events (run_id, attempt, seq, type, payload) VALUES (?, ?, ?, ?, ?)")) {
                        s.setString(1, id);
                        s.setInt(2, attempt);
                        s.setLong(3, e.seq());
                        s.setString(4, typeOf(e));
                        s.setString(5, Json.write(e));
                        s.executeUpdate();
                    }
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE runs SET status = 'INTERRUPTED', error = ? WHERE id = ?")) {
                        s.setString(1, "the server stopped while this run was " + run[2].toLowerCase(java.util.Locale.ROOT));
                        s.setString(2, id);
                        s.executeUpdate();
                    }
                    ids.add(id);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RunStoreException("cannot mark interrupted runs", e);
        }
        return ids;
    }

    @Override
    public void close() {
        if (pool == null) return;
        pool.dispose();
        // Close the embedded database cleanly (compacts, releases the file lock) on a connection of our own:
        // SHUTDOWN through a pooled connection makes the pool's close() trip over the closed database.
        try (Connection c = DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", "")) {
            c.createStatement().execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already closed (or never created)
        }
    }

    /** The JSON type name of an event, as written in its {@code type} field. */
    static String typeOf(RunEvent e) {
        // The names of RunEvent's @JsonSubTypes (Java 17 has no pattern switch over sealed types).
        if (e instanceof RunEvent.Point) return "point";
        if (e instanceof RunEvent.Progress) return "progress";
        if (e instanceof RunEvent.Log) return "log";
        if (e instanceof RunEvent.Started) return "started";
        if (e instanceof RunEvent.Finished) return "finished";
        if (e instanceof RunEvent.Failed) return "failed";
        if (e instanceof RunEvent.Diverged) return "diverged";
        if (e instanceof RunEvent.Cancelled) return "cancelled";
        if (e instanceof RunEvent.Interrupted) return "interrupted";
        if (e instanceof RunEvent.TimedOut) return "timed-out";
        throw new IllegalArgumentException("unknown event " + e.getClass());
    }

    private static RunRecord record(ResultSet rs) throws SQLException {
        try {
            String result = rs.getString("result");
            return new RunRecord(
                    rs.getString("id"),
                    rs.getString("lab"),
                    rs.getInt("attempt"),
                    Json.MAPPER.readTree(rs.getString("config")),
                    RunStatus.valueOf(rs.getString("status")),
                    time(rs, "created_at"),
                    time(rs, "started_at"),
                    time(rs, "finished_at"),
                    result == null ? null : Json.MAPPER.readTree(result),
                    rs.getString("error"),
                    rs.getString("owner") == null ? RunRecord.LOCAL : rs.getString("owner"));
        } catch (JsonProcessingException e) {
            throw new SQLException("stored JSON of run " + rs.getString("id") + " is unreadable", e);
        }
    }

    private static Instant time(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void setTime(PreparedStatement s, int i, Instant t) throws SQLException {
        if (t == null) s.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        else s.setObject(i, t.atOffset(ZoneOffset.UTC));
    }

    private static void setDuration(PreparedStatement s, int i, RunRecord r) throws SQLException {
        if (r.started() == null || r.finished() == null) s.setNull(i, Types.BIGINT);
        else s.setLong(i, r.finished().toEpochMilli() - r.started().toEpochMilli());
    }

    private static String clip(String s) {
        return s == null || s.length() <= ERROR_MAX ? s : s.substring(0, ERROR_MAX - 1) + "…";
    }

    /** Unpooled connections for non-H2 URLs (PostgreSQL deployments bring their own pool later). */
    private record DriverManagerSource(String url) implements DataSource {
        @Override public Connection getConnection() throws SQLException { return DriverManager.getConnection(url); }
        @Override public Connection getConnection(String u, String p) throws SQLException { return DriverManager.getConnection(url, u, p); }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) {}
        @Override public void setLoginTimeout(int seconds) {}
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() { return Logger.getGlobal(); }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
