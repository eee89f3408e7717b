// The MLP page's augmentation preview: 12 stored digits (static/data/mlp-preview-digits.json) above versions
// distorted in the browser with the form's σ, α, rotation and scaling — the recipe of
// cheaplab.lab.mlp.ElasticDistortion, with Math.random instead of the run's seeded streams — redrawn as those knobs
// change. Loaded by the page (the lab view is created only once a run is shown); during a run the view hands it the
// digits the trainer actually used (showRun), until "Draw again".

import { drawTiles } from './tiles.js';

const COLUMNS = 6;

function gaussian(sigma) {
  const r = Math.ceil(3 * sigma);
  const g = [];
  let s = 0;
  for (let k = -r; k <= r; k++) { const v = Math.exp(-(k * k) / (2 * sigma * sigma)); g.push(v); s += v; }
  return { r, g: g.map((v) => v / s) };
}

function smoothedField(w, h, sigma) {
  const { r, g } = gaussian(sigma);
  const pw = w + 2 * r; const ph = h + 2 * r;
  const noise = new Float64Array(pw * ph).map(() => 2 * Math.random() - 1);
  const rows = new Float64Array(ph * w);
  for (let y = 0; y < ph; y++) for (let x = 0; x < w; x++) {
    let s = 0;
    for (let k = 0; k < g.length; k++) s += g[k] * noise[y * pw + x + k];
    rows[y * w + x] = s;
  }
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let s = 0;
    for (let k = 0; k < g.length; k++) s += g[k] * rows[(y + k) * w + x];
    out[y * w + x] = s;
  }
  return out;
}

export function distort(src, w, h, { sigma, alpha, rotation, scaling }) {
  const theta = (rotation * Math.PI / 180) * (2 * Math.random() - 1);
  const sx = 1 + scaling * (2 * Math.random() - 1);
  const sy = 1 + scaling * (2 * Math.random() - 1);
  const dx = alpha ? smoothedField(w, h, sigma) : null;
  const dy = alpha ? smoothedField(w, h, sigma) : null;
  const c = Math.cos(theta); const s = Math.sin(theta);
  const cx = (w - 1) / 2; const cy = (h - 1) / 2;
  const at = (x, y) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : src[y * w + x]);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const u = x - cx; const v = y - cy;
    let xs = cx + (c * u + s * v) / sx;
    let ys = cy + (-s * u + c * v) / sy;
    if (dx) { xs += alpha * dx[y * w + x]; ys += alpha * dy[y * w + x]; }
    const x0 = Math.floor(xs); const y0 = Math.floor(ys);
    const fx = xs - x0; const fy = ys - y0;
    const top = (1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0);
    const bottom = (1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1);
    out[y * w + x] = Math.round(Math.min(255, Math.max(0, (1 - fy) * top + fy * bottom)));
  }
  return out;
}

function bytesOf(payload) {
  const t = atob(payload.data);
  const b = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) b[i] = t.charCodeAt(i);
  return b;
}

function payloadOf(bytes, count, columns) {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  return { count, columns, tileWidth: 28, tileHeight: 28, encoding: 'u8-grey-base64', data: btoa(text) };
}


/** The preview of the page under root (one per root). */
export function previewOf(root) {
  if (root.$mlpPreview) return root.$mlpPreview;
  const canvas = root.querySelector('#tiles-preview');
  const note = root.querySelector('[data-preview-note]');
  const form = root.querySelector('form');
  let samples = null;
  let run = null;

  function values() {
    const num = (name, dflt) => {
      const el = form && form.elements[name];
      const v = el ? Number(el.value) : NaN;
      return Number.isFinite(v) ? v : dflt;
    };
    return { sigma: Math.max(0.5, num('sigma', 5)), alpha: num('alpha', 34), rotation: num('rotation', 0), scaling: num('scaling', 0) };
  }

  function show(payload, text) {
    let drawn = 0;
    try { drawn = drawTiles(canvas, payload); } catch (e) { console.error('cannot draw the preview', e); }
    canvas.dataset.drawn = String(drawn);
    canvas.closest('.tiles-box').toggleAttribute('data-empty', drawn === 0);
    note.textContent = text;
  }

  function draw() {
    if (run) { show(run, `· trained on in epoch ${run.epoch}`); return; }
    if (!samples) return;
    const v = values();
    const n = samples.length / 784;
    const all = new Uint8Array(2 * samples.length);
    // Rows of COLUMNS: stored digits, then the same distorted, as the run's own frames.
    let at = 0;
    for (let from = 0; from < n; from += COLUMNS) {
      const to = Math.min(n, from + COLUMNS);
      all.set(samples.subarray(from * 784, to * 784), at * 784);
      at += to - from;
      for (let i = from; i < to; i++) {
        const src = new Float64Array(784);
        for (let p = 0; p < 784; p++) src[p] = samples[i * 784 + p];
        all.set(distort(src, 28, 28, v), at * 784);
        at += 1;
      }
    }
    show(payloadOf(all, 2 * n, Math.min(COLUMNS, n)), `· σ = ${v.sigma}, α = ${v.alpha}, ±${v.rotation}°, ±${Math.round(100 * v.scaling)}%`);
  }

  fetch('/data/mlp-preview-digits.json').then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((p) => { samples = bytesOf(p); draw(); })
    .catch((e) => console.error('no preview digits', e));
  if (form) {
    form.addEventListener('input', (e) => {
      if (e.target && ['sigma', 'alpha', 'rotation', 'scaling'].includes(e.target.name)) { run = null; draw(); }
    });
  }
  const again = root.querySelector('[data-preview-again]');
  if (again) again.addEventListener('click', () => { run = null; draw(); });
  let lastWidth = 0;
  new ResizeObserver((entries) => {
    const w = Math.round(entries[0].contentRect.width);
    if (w !== lastWidth) { lastWidth = w; draw(); }
  }).observe(canvas.closest('.tiles-box'));

  root.$mlpPreview = {
    /** Shows a run's distortions frame (tile payload plus epoch). */
    showRun(payload) { run = payload; draw(); },
    draw,
  };
  return root.$mlpPreview;
}

const page = document.querySelector('[data-lab-view="mlp"]');
if (page) previewOf(page);
