// The run event socket client. A run's events come over /ws/runs/{id}?after=N: the server replays what is
// stored after seq N, then streams live. This client keeps the last seq it handed on, drops anything at or
// below it (so a replay overlapping live events gives no duplicate), reconnects with after=lastSeq and
// exponential backoff when the socket drops, and stops for good after a terminal event.

/** Event types that end a run. */
export const TERMINAL = new Set(['finished', 'failed', 'diverged', 'cancelled', 'interrupted', 'timed-out']);

/** Close codes after which reconnecting cannot help (policy violation, application "not found" etc.). */
function permanent(code) {
  return code === 1008 || (code >= 4400 && code < 4500);
}

/** The socket URL for a run, built from the page's own location (ws: or wss:, same host). */
export function runSocketUrl(runId, after = 0, loc = window.location) {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/ws/runs/${encodeURIComponent(runId)}?after=${after}`;
}

/** Delay before reconnect number `failures` (1, 2, …): doubling from `base`, capped, with jitter. */
export function backoffDelay(failures, { base = 250, max = 10000, random = Math.random } = {}) {
  const d = Math.min(max, base * 2 ** Math.max(0, failures - 1));
  return Math.round(d / 2 + (random() * d) / 2);
}

/**
 * Opens the event stream of a run.
 *
 * @param {string} runId
 * @param {object} options
 * @param {(event: object) => void} options.onEvent  every new event, in seq order, exactly once
 * @param {(state: string, info?: object) => void} [options.onState]  connecting | open | waiting | reconnecting
 *        | ended (terminal event seen) | lost (gave up) | closed (closed by the caller)
 * @param {number} [options.after]  seq already seen (0 = from the start)
 * @param {number} [options.maxFailures]  consecutive connections without a single event before giving up
 * @returns {{close(): void, readonly lastSeq: number}}
 */
export function openRunStream(runId, {
  onEvent,
  onState = () => {},
  after = 0,
  maxFailures = 8,
  WebSocketImpl = window.WebSocket,
  loc = window.location,
  setTimer = (fn, ms) => window.setTimeout(fn, ms),
  clearTimer = (t) => window.clearTimeout(t),
} = {}) {
  let lastSeq = after;
  let socket = null;
  let timer = null;
  let failures = 0;
  let connections = 0;
  let stopped = false;

  function connect() {
    timer = null;
    if (stopped) return;
    onState(connections === 0 ? 'connecting' : 'reconnecting', { after: lastSeq, failures });
    connections += 1;
    let received = false;
    const ws = new WebSocketImpl(runSocketUrl(runId, lastSeq, loc));
    socket = ws;
    ws.onopen = () => onState('open', { after: lastSeq });
    ws.onmessage = (message) => {
      if (socket !== ws || stopped) return;
      let event;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        console.warn('run-stream: ignoring a message that is not JSON', e);
        return;
      }
      if (typeof event.seq !== 'number' || event.seq <= lastSeq) return;
      received = true;
      failures = 0;
      lastSeq = event.seq;
      try {
        onEvent(event);
      } catch (e) {
        console.error(`run-stream: the view failed on a "${event.type}" event (seq ${event.seq})`, e);
      }
      if (TERMINAL.has(event.type)) {
        stopped = true;
        socket = null;
        ws.close(1000, 'run ended');
        onState('ended', { type: event.type, lastSeq });
      }
    };
    ws.onerror = () => {}; // always followed by close, handled there
    ws.onclose = (e) => {
      if (socket !== ws) return;
      socket = null;
      if (stopped) return;
      if (!received) failures += 1;
      if (permanent(e.code) || failures > maxFailures) {
        stopped = true;
        onState('lost', { code: e.code, reason: e.reason, lastSeq });
        return;
      }
      const delay = backoffDelay(Math.max(1, failures));
      onState('waiting', { delay, code: e.code, lastSeq });
      timer = setTimer(connect, delay);
    };
  }

  connect();
  return {
    close() {
      if (stopped && !socket && timer === null) return;
      stopped = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      const ws = socket;
      socket = null;
      if (ws) ws.close(1000, 'closed by the page');
      onState('closed', { lastSeq });
    },
    get lastSeq() {
      return lastSeq;
    },
  };
}
