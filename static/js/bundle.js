// A run bundle: one zip with everything needed to keep, cite or rerun a run — its config, result, metrics as
// CSV, every event, the versions that computed it, and each chart of the page as a PNG. Built in the browser
// (the charts exist only here) from the run's exports (GET /api/runs/{id}/export.json and export.csv); the zip
// is written uncompressed ("stored"), which every unzip reads.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3), as zip files carry it. */
export function crc32(bytes) {
  let c = 0xFFFFFFFF;
  for (let i = 0; i < bytes.length; i += 1) c = CRC_TABLE[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
  return (c ^ 0xFFFFFFFF) >>> 0;
}

/** A zip archive (stored entries, UTF-8 names) of files [{name, bytes: Uint8Array}]. */
export function zip(files, date = new Date()) {
  const enc = new TextEncoder();
  const time = ((date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1)) & 0xFFFF;
  const day = (((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate()) & 0xFFFF;
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const f of files) {
    const name = enc.encode(f.name);
    const crc = crc32(f.bytes);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true); // version needed
    local.setUint16(6, 0x0800, true); // UTF-8 names
    local.setUint16(8, 0, true); // stored
    local.setUint16(10, time, true);
    local.setUint16(12, day, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, f.bytes.length, true);
    local.setUint32(22, f.bytes.length, true);
    local.setUint16(26, name.length, true);
    local.setUint16(28, 0, true);
    locals.push(new Uint8Array(local.buffer), name, f.bytes);
    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, 20, true);
    central.setUint16(6, 20, true);
    central.setUint16(8, 0x0800, true);
    central.setUint16(10, 0, true);
    central.setUint16(12, time, true);
    central.setUint16(14, day, true);
    central.setUint32(16, crc, true);
    central.setUint32(20, f.bytes.length, true);
    central.setUint32(24, f.bytes.length, true);
    central.setUint16(28, name.length, true);
    central.setUint32(42, offset, true);
    centrals.push(new Uint8Array(central.buffer), name);
    offset += 30 + name.length + f.bytes.length;
  }
  const size = centrals.reduce((n, b) => n + b.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, new Uint8Array(end.buffer)];
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function text(url) {
  const r = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!r.ok) throw new Error(`${url} answered ${r.status}`);
  return r.text();
}

/** A chart as a PNG on white (the canvases are transparent), or null for one never drawn. */
function png(canvas) {
  if (!canvas.width || !canvas.height) return Promise.resolve(null);
  const flat = document.createElement('canvas');
  flat.width = canvas.width;
  flat.height = canvas.height;
  const g = flat.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, flat.width, flat.height);
  g.drawImage(canvas, 0, 0);
  return new Promise((resolve) => flat.toBlob((b) => resolve(b), 'image/png'))
    .then((b) => (b ? b.arrayBuffer().then((a) => new Uint8Array(a)) : null));
}

/** The bundle of a run shown on this page, as zip bytes. */
export async function runBundle(runId) {
  const id = encodeURIComponent(runId);
  const [json, csv] = await Promise.all([text(`/api/runs/${id}/export.json`), text(`/api/runs/${id}/export.csv`)]);
  const { run, events } = JSON.parse(json);
  const enc = new TextEncoder();
  const pretty = (v) => enc.encode(`${JSON.stringify(v, null, 2)}\n`);
  const { result, ...record } = run;
  const files = [
    { name: 'README.txt', bytes: enc.encode([
      `Run ${run.id} of the ${run.lab} lab (${run.status}), from Cheap Learning Lab.`,
      '',
      'config.json   the whole config, seed included: the same run again is',
      `              java -jar cheap-learning-lab.jar run ${run.lab} --config config.json`,
      '              (with the JVM flags the project README gives)',
      'result.json   the result the run ended with (null if it did not finish)',
      'metrics.csv   every streamed point, one row each (run_id, seq, series, values)',
      'events.json   every event in order, as the run page replays them',
      'run.json      status, times and error',
      'versions.json the versions of the lab, libraries and machine that computed it',
      'charts/       each chart of the run page as it was drawn, PNG',
      '',
    ].join('\n')) },
    { name: 'config.json', bytes: pretty(run.config) },
    { name: 'result.json', bytes: pretty(result === undefined ? null : result) },
    { name: 'metrics.csv', bytes: enc.encode(csv) },
    { name: 'events.json', bytes: pretty(events) },
    { name: 'run.json', bytes: pretty(record) },
    { name: 'versions.json', bytes: pretty((result && result.versions) || {}) },
  ];
  for (const canvas of document.querySelectorAll('.charts canvas[id]')) {
    const bytes = await png(canvas);
    if (bytes) files.push({ name: `charts/${canvas.id}.png`, bytes });
  }
  return zip(files);
}

/** The panel's "Download bundle" button. */
export function wire(button) {
  button.addEventListener('click', async () => {
    const runId = button.dataset.bundle;
    const label = button.textContent;
    button.disabled = true;
    button.textContent = 'Building the bundle…';
    try {
      const bytes = await runBundle(runId);
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `run-${runId}-bundle.zip`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      button.textContent = label;
    } catch (e) {
      button.textContent = `Could not build the bundle: ${e.message}`;
    } finally {
      button.disabled = false;
    }
  });
}
