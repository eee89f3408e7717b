// Drives WebSocket clients against /ws/runs/{id}?after=N with the platform's own WebSocket (Node's built-in, or a
// browser's). Shared by node-client.mjs and the Chromium test (injected into a page), so both run the same checks.
// spec: {url, sockets, after, reconnectAfter, timeoutMs}. url has no query; socket i starts at after (a number, or an
// array indexed by i). With reconnectAfter (a number or an array) > 0 a socket closes itself after that many events
// and reconnects with after=<last seq it saw>. Resolves to one result per socket: {ranges: [[from, to], ...] of the seqs received in order
// (one range when contiguous and duplicate-free), last: the last event's type, code, reason, connects, error}.
// eslint-disable-next-line no-unused-vars
function streamClients(spec) {
  const TERMINAL = new Set(['finished', 'failed', 'diverged', 'cancelled', 'interrupted']);
  function one(i) {
    return new Promise((resolve) => {
      const r = {ranges: [], last: null, code: null, reason: null, connects: 0, error: null};
      let lastSeq = Array.isArray(spec.after) ? spec.after[i] : (spec.after || 0);
      const reconnectAfter = Array.isArray(spec.reconnectAfter) ? spec.reconnectAfter[i] : (spec.reconnectAfter || 0);
      let inThisConnection = 0;
      const timer = setTimeout(() => { r.error = 'timeout after ' + spec.timeoutMs + ' ms'; resolve(r); }, spec.timeoutMs || 60000);
      function add(seq) {
        const cur = r.ranges[r.ranges.length - 1];
        if (cur && seq === cur[1] + 1) cur[1] = seq; else r.ranges.push([seq, seq]);
      }
      function open() {
        r.connects++;
        inThisConnection = 0;
        const ws = new WebSocket(spec.url + '?after=' + lastSeq);
        let selfClosed = false;
        ws.onmessage = (m) => {
          let e;
          try { e = JSON.parse(m.data); } catch (err) { r.error = 'bad JSON: ' + err; return; }
          add(e.seq);
          lastSeq = e.seq;
          r.last = e.type;
          inThisConnection++;
          if (reconnectAfter > 0 && r.connects === 1 && inThisConnection === reconnectAfter && !TERMINAL.has(e.type)) {
            selfClosed = true;
            ws.close(1000, 'reconnecting');
          }
        };
        ws.onerror = () => { if (!selfClosed) r.error = r.error || 'error event'; };
        ws.onclose = (c) => {
          if (selfClosed) { open(); return; }
          r.code = c.code;
          r.reason = c.reason;
          clearTimeout(timer);
          resolve(r);
        };
      }
      open();
    });
  }
  const all = [];
  for (let i = 0; i < spec.sockets; i++) all.push(one(i));
  return Promise.all(all);
}
