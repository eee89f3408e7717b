// The Ising lab view: turns the run's streamed series (see cheaplab.lab.ising.IsingLab) into charts and lattices.
//   sweep    {size, temperature, algorithm, absMagnetization(Sem), energy(Sem), susceptibility(Sem),
//             specificHeat(Sem), binder(Sem), autocorrelationTime, …}   → five curves per L against T
//   flow     {size, temperature, level, levelSize, absMagnetization, correlation}  → the (K₁, m) flow, arrows
//   blocks   {size, temperature, level, levelSize, bits}                    → lattice images per level
//   lattice  {size, temperature, phase, sweep, width, bits}                 → the live canvas
//   crossing {smaller, larger, temperature, error}                          → the Binder readout
// Onsager's exact curves and T_c are computed here (same formulas as cheaplab.lab.ising.Onsager).

import { PALETTE, INK, createChart, formatNumber, point, setFilled, syncDatasets } from './charts.js';
import { mountView } from './view-base.js';

export const TC = 2 / Math.log(1 + Math.SQRT2);
const SHAPES = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot'];
const UP = [31, 41, 51];
const DOWN = [238, 242, 246];

/** Onsager's spontaneous magnetisation. */
export function onsagerM(t) {
  if (t >= TC) return 0;
  const s = Math.sinh(2 / t);
  return (1 - 1 / (s ** 4)) ** 0.125;
}

function ellipticK(k) {
  let a = 1;
  let b = Math.sqrt(Math.max(0, (1 - k) * (1 + k)));
  if (b === 0) return Infinity;
  for (let i = 0; i < 64 && Math.abs(a - b) > 1e-16 * a; i++) [a, b] = [(a + b) / 2, Math.sqrt(a * b)];
  return Math.PI / (2 * a);
}

/** The exact infinite-lattice energy per spin. */
export function onsagerU(t) {
  const k = 1 / t;
  const c = Math.cosh(2 * k);
  const s = Math.sinh(2 * k);
  const th = Math.tanh(2 * k);
  const q = (2 * s) / (c * c);
  const f = 2 * th * th - 1;
  const el = q >= 1 || f === 0 ? 0 : ellipticK(q);
  return -(c / s) * (1 + (2 / Math.PI) * f * el);
}

/** Bits (base64, row-major, bit 7 first; 1 = up) → a canvas of `width`², each site `scale` px. */
export function drawLattice(canvas, bits, width, scale) {
  const bytes = Uint8Array.from(atob(bits), (ch) => ch.charCodeAt(0));
  const image = new ImageData(width, width);
  const px = image.data;
  for (let k = 0; k < width * width; k++) {
    const up = (bytes[k >> 3] >> (7 - (k & 7))) & 1;
    const c = up ? UP : DOWN;
    px[4 * k] = c[0]; px[4 * k + 1] = c[1]; px[4 * k + 2] = c[2]; px[4 * k + 3] = 255;
  }
  const sheet = document.createElement('canvas');
  sheet.width = width;
  sheet.height = width;
  sheet.getContext('2d').putImageData(image, 0, 0);
  const size = width * scale;
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(sheet, 0, 0, size, size);
  canvas.style.width = `${size / (window.devicePixelRatio || 1)}px`;
  canvas.style.height = `${size / (window.devicePixelRatio || 1)}px`;
}

/** A dashed vertical line at T_c with a label, on charts whose x axis is the temperature. */
const tcLine = {
  id: 'tcLine',
  afterDatasetsDraw(chart) {
    const x = chart.scales.x;
    const { ctx, chartArea } = chart;
    const px = x.getPixelForValue(TC);
    if (!(px >= chartArea.left && px <= chartArea.right)) return;
    ctx.save();
    ctx.strokeStyle = INK;
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(px, chartArea.top);
    ctx.lineTo(px, chartArea.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = INK;
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText('T_c', px + 3, chartArea.top + 11);
    ctx.restore();
  },
};

/** Arrowheads along the lines of datasets with `arrows: true` (level k → k + 1). */
const arrows = {
  id: 'arrows',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    chart.data.datasets.forEach((ds, i) => {
      if (!ds.arrows || !chart.isDatasetVisible(i)) return;
      const pts = chart.getDatasetMeta(i).data;
      ctx.save();
      ctx.fillStyle = ds.borderColor;
      for (let j = 0; j + 1 < pts.length; j++) {
        const a = pts[j];
        const b = pts[j + 1];
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.hypot(dx, dy);
        if (len < 8) continue;
        const ux = dx / len;
        const uy = dy / len;
        const tipX = a.x + dx * 0.6;
        const tipY = a.y + dy * 0.6;
        ctx.beginPath();
        ctx.moveTo(tipX + ux * 5, tipY + uy * 5);
        ctx.lineTo(tipX - ux * 5 - uy * 4.5, tipY - uy * 5 + ux * 4.5);
        ctx.lineTo(tipX - ux * 5 + uy * 4.5, tipY - uy * 5 - ux * 4.5);
        ctx.closePath();
        ctx.fill();
      }
      ctx.restore();
    });
  },
};

const fmt = (v, d = 4) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d).replace('-', '−') : '–');

export function createView(root) {
  let m; // the view's model of what arrived (set by reset(); summaries may be asked for before that)
  const canvas = (id) => root.querySelector(`#${id}`);
  const tempTip = (raw, ds, what) => `${ds.label}: ${what} ${formatNumber(raw.y)}${Number.isFinite(raw.sem) ? ` ± ${formatNumber(raw.sem)}` : ''} at T = ${formatNumber(raw.x)}`;
  const curves = {
    magnetization: ['absMagnetization', 'absMagnetizationSem', '⟨|m|⟩'],
    energy: ['energy', 'energySem', 'e'],
    susceptibility: ['susceptibility', 'susceptibilitySem', 'χ'],
    specificHeat: ['specificHeat', 'specificHeatSem', 'C'],
    binder: ['binder', 'binderSem', 'U₄'],
    tau: ['autocorrelationTime', null, 'τ_int'],
  };
  const ids = {
    magnetization: 'chart-magnetization', energy: 'chart-energy', susceptibility: 'chart-susceptibility',
    specificHeat: 'chart-specific-heat', binder: 'chart-binder', tau: 'chart-tau',
  };
  const charts = {};
  for (const [name, [, , what]] of Object.entries(curves)) {
    charts[name] = createChart(canvas(ids[name]), {
      plugins: [tcLine],
      tooltip: (raw, ds) => tempTip(raw, ds, what),
      summary: () => summaryOf(name, what),
    });
  }
  charts.flow = createChart(canvas('chart-flow'), {
    plugins: [arrows],
    tooltip: (raw, ds) => `${ds.label}, level ${raw.level} (${raw.levelSize}×${raw.levelSize}): K₁ = ${fmt(raw.x, 3)}, ⟨|m|⟩ = ${fmt(raw.y, 3)}`,
    summary: () => (m ? `Block-spin flow for ${m.flowTemps.length} temperatures of L = ${m.largest ?? '?'}, ${m.levels} levels.`
      : 'Block-spin flow: no data yet.'),
  });
  const liveCanvas = canvas('lattice-live');
  const liveLabel = root.querySelector('[data-live-label]');
  const levelsBox = root.querySelector('[data-levels]');
  const tSlider = root.querySelector('[data-block-slider]');
  const levelSlider = root.querySelector('[data-level-slider]');
  const blockLabel = root.querySelector('[data-block-label]');
  let view;

  function summaryOf(name, what) {
    if (!m) return `${what} against temperature: no data yet.`;
    const n = [...m.sweep.values()].length;
    return `${what} against temperature for L = ${[...m.sizes].sort((a, b) => a - b).join(', ') || 'none yet'}, ${n} points.`;
  }

  function reset() {
    m = { config: null, sweep: new Map(), flow: new Map(), blocks: new Map(), sizes: new Set(), live: null,
      crossings: [], largest: null, levels: 0, flowTemps: [], tIndex: -1, followT: true, level: 0 };
    liveCanvas.width = 0;
    liveCanvas.height = 0;
    root.querySelector('[data-live-box]').toggleAttribute('data-empty', true);
    levelsBox.replaceChildren();
    root.querySelector('[data-blocks-box]').toggleAttribute('data-empty', true);
  }

  const sizesSorted = () => [...m.sizes].sort((a, b) => a - b);
  const style = (i) => ({
    showLine: true, borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length],
    borderWidth: 1.75, pointRadius: 3, pointHoverRadius: 5, pointStyle: SHAPES[i % SHAPES.length], errorBars: true,
  });

  function tGrid() {
    const ts = [...m.sweep.values()].map((p) => p.temperature);
    const lo = Math.min(...ts);
    const hi = Math.max(...ts);
    const out = [];
    for (let i = 0; i <= 240; i++) out.push(lo + ((hi - lo) * i) / 240);
    if (TC > lo && TC < hi) out.push(TC, TC - 1e-9);
    return out.sort((a, b) => a - b);
  }

  function drawCurve(name) {
    const [key, semKey] = curves[name];
    const chart = charts[name];
    const logY = chart.$axes.y.log;
    const specs = sizesSorted().map((size, i) => {
      const data = [...m.sweep.values()].filter((p) => p.size === size)
        .map((p) => {
          const y = p[key];
          const sem = semKey ? p[semKey] : undefined;
          return point(p.temperature, y, { logY }, Number.isFinite(sem) ? { sem, yMin: y - sem, yMax: y + sem } : {});
        })
        .filter(Boolean).sort((a, b) => a.x - b.x);
      return { key: `L${size}`, label: `L = ${size}`, data, ...style(i) };
    });
    const fed = specs.reduce((n, s) => n + s.data.length, 0);
    const zeroField = !m.config || m.config.field === 0;
    if (fed && zeroField && (name === 'magnetization' || name === 'energy')) {
      const f = name === 'magnetization' ? onsagerM : onsagerU;
      specs.push({
        key: 'exact', label: name === 'magnetization' ? 'Onsager m₀(T), L = ∞' : 'exact u(T), L = ∞',
        data: tGrid().map((t) => point(t, f(t))).filter(Boolean),
        showLine: true, borderColor: INK, backgroundColor: INK, borderWidth: 1.5, pointRadius: 0, order: 5,
      });
    }
    setFilled(chart.canvas, syncDatasets(chart, specs, 400) ? fed : 0);
    chart.update('none');
  }

  const REGIMES = [
    { test: (t) => t < TC * 0.97, label: 'below T_c', colour: PALETTE[0], shape: 'circle' },
    { test: (t) => t <= TC * 1.03, label: 'near T_c', colour: INK, shape: 'rect' },
    { test: () => true, label: 'above T_c', colour: PALETTE[1], shape: 'triangle' },
  ];

  const DRAW = {
    magnetization: () => drawCurve('magnetization'),
    energy: () => drawCurve('energy'),
    susceptibility: () => drawCurve('susceptibility'),
    specificHeat: () => drawCurve('specificHeat'),
    binder: () => drawCurve('binder'),
    tau: () => drawCurve('tau'),
    flow() {
      const largest = Math.max(...[...m.flow.values()].map((p) => p.size));
      m.largest = Number.isFinite(largest) ? largest : null;
      const byT = new Map();
      for (const p of m.flow.values()) {
        if (p.size !== largest) continue;
        if (!byT.has(p.temperature)) byT.set(p.temperature, []);
        byT.get(p.temperature).push(p);
      }
      const temps = [...byT.keys()].sort((a, b) => a - b);
      m.flowTemps = temps;
      const labelled = new Set();
      const specs = temps.map((t) => {
        const r = REGIMES.find((g) => g.test(t));
        const pts = byT.get(t).sort((a, b) => a.level - b.level);
        m.levels = Math.max(m.levels, pts.length - 1);
        const first = !labelled.has(r.label);
        labelled.add(r.label);
        return {
          key: `T${t}`, label: `T = ${formatNumber(t)} (${r.label})`, group: r.label, legend: first,
          data: pts.map((p) => point(p.correlation, p.absMagnetization, {}, { level: p.level, levelSize: p.levelSize })).filter(Boolean),
          showLine: true, borderColor: r.colour, backgroundColor: r.colour, pointStyle: r.shape, borderWidth: 1.25,
          pointRadius: (ctx) => (ctx.raw && ctx.raw.level === 0 ? 5 : 3), arrows: true,
        };
      });
      for (const s of specs) if (s.legend) s.label = s.group;
      const withLevels = specs.some((s) => s.data.length > 1);
      setFilled(charts.flow.canvas, withLevels ? syncDatasets(charts.flow, specs) : 0);
      charts.flow.update('none');
    },
    live() {
      const v = m.live;
      if (!v) return;
      const room = Math.max(120, liveCanvas.parentElement.clientWidth || 256);
      const dpr = window.devicePixelRatio || 1;
      const scale = Math.max(1, Math.floor((Math.min(room, 360) * dpr) / v.width));
      drawLattice(liveCanvas, v.bits, v.width, scale);
      root.querySelector('[data-live-box]').toggleAttribute('data-empty', false);
      liveCanvas.dataset.frames = String((Number(liveCanvas.dataset.frames) || 0) + 1);
      liveLabel.textContent = `· L = ${v.size}, T = ${formatNumber(v.temperature)}, ${v.phase}, sweep ${v.sweep.toLocaleString('en')}`
        + (v.width < v.size ? ` (top-left ${v.width}×${v.width})` : '');
    },
    blocks() {
      const largest = Math.max(...[...m.blocks.values()].map((b) => b.size));
      const temps = [...new Set([...m.blocks.values()].filter((b) => b.size === largest).map((b) => b.temperature))].sort((a, b) => a - b);
      if (!temps.length) return;
      if (m.followT || m.tIndex < 0 || m.tIndex >= temps.length) m.tIndex = m.followT ? temps.length - 1 : Math.min(m.tIndex, temps.length - 1);
      const t = temps[m.tIndex];
      const levels = [...m.blocks.values()].filter((b) => b.size === largest && b.temperature === t).sort((a, b) => a.level - b.level);
      tSlider.max = String(temps.length - 1);
      tSlider.value = String(m.tIndex);
      tSlider.disabled = temps.length < 2;
      tSlider.setAttribute('aria-valuetext', `T = ${formatNumber(t)}`);
      levelSlider.max = String(Math.max(0, levels.length - 1));
      m.level = Math.min(m.level, levels.length - 1);
      levelSlider.value = String(m.level);
      levelSlider.disabled = levels.length < 2;
      levelSlider.setAttribute('aria-valuetext', `level ${m.level}`);
      const dpr = window.devicePixelRatio || 1;
      const room = Math.max(160, levelsBox.clientWidth || 480);
      const each = Math.min(240, Math.floor((room - 14 * levels.length) / Math.max(1, levels.length)));
      levelsBox.replaceChildren(...levels.map((b) => {
        const fig = document.createElement('figure');
        const c = document.createElement('canvas');
        c.dataset.lattice = `level-${b.level}`;
        c.setAttribute('role', 'img');
        c.setAttribute('aria-label', `Block-spin level ${b.level}: ${b.levelSize} by ${b.levelSize} spins at T = ${formatNumber(t)}`);
        if (b.level === m.level) c.classList.add('selected');
        drawLattice(c, b.bits, b.levelSize, Math.max(1, Math.floor((Math.max(60, each) * dpr) / b.levelSize)));
        const cap = document.createElement('figcaption');
        cap.textContent = `level ${b.level}: ${b.levelSize}×${b.levelSize}`;
        fig.append(c, cap);
        return fig;
      }));
      root.querySelector('[data-blocks-box]').toggleAttribute('data-empty', false);
      const sel = levels[m.level];
      const flow = sel && m.flow.get(`${largest}|${t}|${sel.level}`);
      blockLabel.textContent = `T = ${formatNumber(t)}, L = ${largest}`
        + (flow ? `; level ${sel.level}: K₁ = ${fmt(flow.correlation, 3)}, ⟨|m|⟩ = ${fmt(flow.absMagnetization, 3)}` : '');
    },
    crossing() {
      const el = root.querySelector('[data-readout="crossing"]');
      if (!m.crossings.length) { el.textContent = ''; return; }
      const pairs = m.crossings.map((c) => `L = ${c.smaller}/${c.larger}: ${Number.isFinite(c.temperature) ? `${fmt(c.temperature)} ± ${fmt(c.error)}` : 'no crossing'}`);
      const found = m.crossings.filter((c) => Number.isFinite(c.temperature));
      let text = `Crossings ${pairs.join('; ')}.`;
      if (found.length === m.crossings.length) {
        const mean = found.reduce((s, c) => s + c.temperature, 0) / found.length;
        text += ` Mean ${fmt(mean)} vs exact T_c = ${fmt(TC)} (${((100 * (mean - TC)) / TC).toFixed(2)}%).`;
      }
      el.textContent = text;
    },
  };

  /** A finished run that left the flow empty had no block-spin levels. */
  function unfed(type) {
    return type === 'finished' ? 'This run sent no data for this (block-spin levels 0 draw no flow).' : undefined;
  }

  function onPoint(series, v) {
    switch (series) {
      case 'sweep':
        m.sweep.set(`${v.size}|${v.temperature}`, v);
        m.sizes.add(v.size);
        for (const n of Object.keys(curves)) view.mark(DRAW[n]);
        break;
      case 'flow':
        m.flow.set(`${v.size}|${v.temperature}|${v.level}`, v);
        view.mark(DRAW.flow);
        view.mark(DRAW.blocks);
        break;
      case 'blocks':
        m.blocks.set(`${v.size}|${v.temperature}|${v.level}`, v);
        view.mark(DRAW.blocks);
        break;
      case 'lattice':
        m.live = v;
        view.mark(DRAW.live);
        break;
      case 'crossing':
        m.crossings.push(v);
        view.mark(DRAW.crossing);
        break;
      default:
        break;
    }
  }

  tSlider.addEventListener('input', () => {
    m.tIndex = Number(tSlider.value);
    m.followT = m.tIndex >= Number(tSlider.max);
    view.mark(DRAW.blocks);
  });
  levelSlider.addEventListener('input', () => {
    m.level = Number(levelSlider.value);
    view.mark(DRAW.blocks);
  });

  view = mountView(root, {
    reset,
    draws: DRAW,
    configure(config) { m.config = config; },
    point: onPoint,
    unfed,
  });
  return view;
}
