// Node 20's built-in WebSocket (undici; run with --experimental-websocket) against /ws/runs/{id}.
// Usage: node [--experimental-websocket on Node 20/21] node-client.mjs '<spec JSON>' (see stream-clients.js); prints the results as
// one JSON array on stdout.
import {readFileSync} from 'node:fs';

if (typeof WebSocket !== 'function') {
  console.error('no global WebSocket: run Node 20 with --experimental-websocket (or Node 22+)');
  process.exit(3);
}
const code = readFileSync(new URL('./stream-clients.js', import.meta.url), 'utf8');
const streamClients = new Function(code + '\nreturn streamClients;')();
const results = await streamClients(JSON.parse(process.argv[2]));
process.stdout.write(JSON.stringify(results) + '\n');
process.exit(0);
