// Chart.js helpers shared by the lab views. Chart.js comes from its WebJar as a classic script (global
// `Chart`); this module only configures it. Conventions: animation off, axis titles with units (required,
// read from the canvas's data-* attributes the server wrote), log axes where quantities span decades,
// non-finite values (JSON null) skipped, a cap on points per dataset, error bars for mean ± SEM, and redraws
// batched into one animation frame. Every chart also gets an HTML legend of buttons, a one-sentence summary and
// a data table (chart-a11y.js), and series that set no marker shape get one by position, so that no two
// series of a chart differ by colour alone.

import { describeChart } from './chart-a11y.js';

/** Colour-blind-safe palette (Okabe–Ito, then Tol's muted), strong enough on white. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#882255', '#44AA99',
  '#999933', '#332288', '#AA4499', '#117733'];
export const INK = '#1f2933';
const INK_2 = '#3e4c59';
const GRID = '#e3e8ee';
const GRID_MINOR = '#f1f4f7';
const DEFAULT_CAP = 4000;

export function colour(i) {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** The colour with an alpha channel, for fills. */
export function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** 10 to the power e, plainly for -2..3 and as 10ⁿ otherwise. */
export function formatPower(e) {
  if (e >= -2 && e <= 3) return String(Number((10 ** e).toFixed(Math.max(0, -e))));
  return '10' + String(e).split('').map((c) => SUPERSCRIPT[c]).join('');
}

/** A short, readable number: 3 significant digits, ×10ⁿ outside [0.001, 100000). */
export function formatNumber(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(3)));
  const e = Math.floor(Math.log10(a));
  const m = Number((v / 10 ** e).toPrecision(3));
  if (Math.abs(m) === 1) return (m < 0 ? '−' : '') + formatPower(e);
  return `${m}×${formatPower(e)}`;
}

/** λ for legends: 0 is the ridgeless limit. */
export function formatLambda(v) {
  return v === 0 ? '0 (ridgeless)' : formatNumber(v);
}

/** "title (unit)": every axis says what it measures and in which unit. */
export function axisLabel(title, unit) {
  return `${title} (${unit})`;
}

/**
 * Axis settings from the canvas's data-{axis}-title/-unit/-scale attributes (axis: x, y, y2, z).
 * Title and unit are required; a chart without them is a bug and fails loudly.
 */
export function axisFromAttributes(canvas, axis, { optional = false } = {}) {
  const title = canvas.getAttribute(`data-${axis}-title`);
  const unit = canvas.getAttribute(`data-${axis}-unit`);
  if (!title || !unit) {
    if (optional && !title && !unit) return null;
    throw new Error(`chart #${canvas.id}: data-${axis}-title and data-${axis}-unit are required`);
  }
  const scale = canvas.getAttribute(`data-${axis}-scale`) || 'linear';
  if (scale !== 'linear' && scale !== 'log') throw new Error(`chart #${canvas.id}: data-${axis}-scale must be linear or log`);
  const number = (name) => {
    const v = canvas.getAttribute(`data-${axis}-${name}`);
    return v === null ? undefined : Number(v);
  };
  // min/max: suggested bounds; decades: on a log axis, show at most this many decades below the largest value.
  return { title, unit, log: scale === 'log', min: number('min'), max: number('max'), decades: number('decades') };
}

/** A chart point, or null when it cannot be drawn (non-finite, or ≤ 0 on a log axis). */
export function point(x, y, { logX = false, logY = false } = {}, extra = undefined) {
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  if ((logX && x <= 0) || (logY && y <= 0)) return null;
  return extra ? { x, y, ...extra } : { x, y };
}

/** Sort order of points by x. */
export function byX(a, b) {
  return a.x - b.x;
}

/** Keeps at most `max` points, evenly thinned (first and last kept). */
export function cap(points, max = DEFAULT_CAP) {
  if (points.length <= max) return points;
  const out = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]);
  return out;
}

/** Tick labels for a log axis: decades always; 2 and 5 too when the axis spans few decades. */
function logTick(value) {
  if (!(value > 0)) return '';
  const e = Math.floor(Math.log10(value) + 1e-9);
  const m = value / 10 ** e;
  const near = (k) => Math.abs(m - k) < 1e-6 * k;
  const span = Math.log10(this.max / this.min);
  if (near(1)) {
    // Many decades: label every other one so the labels do not collide.
    if (span > 9 && e % 2 !== 0) return '';
    return formatPower(e);
  }
  if (span < 2.2 && (near(2) || near(5))) return formatNumber(value);
  if (span < 0.8 && Number.isInteger(Math.round(m)) && near(Math.round(m))) return formatNumber(value);
  return '';
}

/** Decimals a tick step needs (0.05 → 2, 2.5 → 1, 5 → 0). */
function stepDecimals(step) {
  let d = 0;
  while (d < 8 && Math.abs(step * 10 ** d - Math.round(step * 10 ** d)) > 1e-6) d += 1;
  return d;
}

/** 3 significant digits, or as many decimals as the tick step needs (log Z ticks 192.75, 192.8 stay distinct). */
function linearTick(value, index, ticks) {
  const a = Math.abs(value);
  if (value === 0 || a < 1e-3 || a >= 1e5 || !ticks || ticks.length < 2) return formatNumber(value);
  const d = stepDecimals(Math.abs(ticks[1].value - ticks[0].value));
  const sig = formatNumber(value);
  const fixed = String(Number(value.toFixed(d)));
  return fixed.length > sig.length ? fixed : sig;
}

/** Decade grid lines always; the 2…9 lines only when the axis spans few decades (else they make a grey band). */
function logGridColour(ctx) {
  const v = ctx.tick && ctx.tick.value;
  if (!(v > 0)) return GRID;
  const e = Math.log10(v);
  if (Math.abs(e - Math.round(e)) < 1e-9) return GRID;
  return Math.log10(ctx.scale.max / ctx.scale.min) <= 3 ? GRID_MINOR : 'rgba(0, 0, 0, 0)';
}

function scale(axis, spec, position) {
  return {
    type: spec.log ? 'logarithmic' : 'linear',
    position,
    display: true,
    title: { display: true, text: axisLabel(spec.title, spec.unit), color: INK, font: { size: 12, weight: '600' } },
    suggestedMin: spec.min,
    suggestedMax: spec.max,
    ticks: {
      // An explicit min/max is not shown as an odd tick (14.3) of its own.
      includeBounds: false,
      color: INK_2,
      font: { size: 11 },
      maxRotation: 0,
      autoSkip: !spec.log,
      autoSkipPadding: 10,
      callback: spec.log ? logTick : linearTick,
    },
    grid: { color: spec.log ? logGridColour : GRID, drawOnChartArea: axis !== 'y2' },
    border: { color: '#9aa5b1' },
  };
}

/**
 * Draws vertical error bars for datasets with `errorBars: true` whose points carry yMin/yMax
 * (mean ± SEM). On a log axis a lower end ≤ 0 is drawn to the bottom of the plot.
 */
export const errorBarsPlugin = {
  id: 'errorBars',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    chart.data.datasets.forEach((ds, i) => {
      if (!ds.errorBars || !chart.isDatasetVisible(i)) return;
      const meta = chart.getDatasetMeta(i);
      const y = chart.scales[meta.yAxisID];
      ctx.strokeStyle = ds.borderColor;
      ctx.lineWidth = 1;
      meta.data.forEach((el, j) => {
        const raw = ds.data[j];
        if (!raw || !Number.isFinite(raw.yMin) || !Number.isFinite(raw.yMax) || raw.yMax <= raw.yMin) return;
        const lo = y.type === 'logarithmic' && raw.yMin <= 0 ? chartArea.bottom : y.getPixelForValue(raw.yMin);
        const hi = y.getPixelForValue(raw.yMax);
        if (!Number.isFinite(lo) || !Number.isFinite(hi) || Math.abs(lo - hi) < 2) return;
        const x = el.x;
        ctx.beginPath();
        ctx.moveTo(x, lo);
        ctx.lineTo(x, hi);
        ctx.moveTo(x - 3, lo);
        ctx.lineTo(x + 3, lo);
        ctx.moveTo(x - 3, hi);
        ctx.lineTo(x + 3, hi);
        ctx.stroke();
      });
    });
    ctx.restore();
  },
};

/**
 * Draws an interval band for datasets with `band: true` whose points carry yLow/yHigh: a filled area between
 * the bounds (in the dataset's backgroundColor) and a whisker at each point (borderColor). A bound that is
 * null or undefined is unbounded (AIS's lower bound when Ẑ − 3σ̂ ≤ 0) and drawn to the plot's edge. The y
 * scale is widened so that every finite bound is in view.
 */
export const bandPlugin = {
  id: 'band',
  afterDataLimits(chart, { scale }) {
    if (!scale.id.startsWith('y')) return;
    chart.data.datasets.forEach((ds, i) => {
      if (!ds.band || !chart.isDatasetVisible(i) || (ds.yAxisID || 'y') !== scale.id) return;
      for (const p of ds.data) {
        for (const v of [p.yLow, p.yHigh]) {
          if (typeof v !== 'number' || !Number.isFinite(v)) continue;
          if (scale.type === 'logarithmic' && v <= 0) continue;
          scale.min = Math.min(scale.min, v);
          scale.max = Math.max(scale.max, v);
        }
      }
    });
  },
  beforeDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.beginPath();
    // Horizontally a little beyond the plot, so that the whisker of a point on its edge is whole.
    ctx.rect(chartArea.left - 6, chartArea.top, chartArea.right - chartArea.left + 12, chartArea.bottom - chartArea.top);
    ctx.clip();
    chart.data.datasets.forEach((ds, i) => {
      if (!ds.band || !chart.isDatasetVisible(i) || !ds.data.length) return;
      const meta = chart.getDatasetMeta(i);
      const x = chart.scales[meta.xAxisID];
      const y = chart.scales[meta.yAxisID];
      const px = (v, edge) => (typeof v === 'number' && Number.isFinite(v) ? y.getPixelForValue(v) : edge);
      const pts = ds.data.map((p) => ({ x: x.getPixelForValue(p.x), hi: px(p.yHigh, chartArea.top), lo: px(p.yLow, chartArea.bottom) }))
        .filter((p) => Number.isFinite(p.x)).sort((a, b) => a.x - b.x);
      if (pts.length > 1) {
        ctx.beginPath();
        pts.forEach((p, j) => (j ? ctx.lineTo(p.x, p.hi) : ctx.moveTo(p.x, p.hi)));
        for (let j = pts.length - 1; j >= 0; j--) ctx.lineTo(pts[j].x, pts[j].lo);
        ctx.closePath();
        ctx.fillStyle = ds.backgroundColor;
        ctx.fill();
      }
      ctx.strokeStyle = ds.borderColor;
      ctx.lineWidth = 1.25;
      for (const p of pts) {
        ctx.beginPath();
        ctx.moveTo(p.x, p.lo);
        ctx.lineTo(p.x, p.hi);
        ctx.moveTo(p.x - 4, p.lo);
        ctx.lineTo(p.x + 4, p.lo);
        ctx.moveTo(p.x - 4, p.hi);
        ctx.lineTo(p.x + 4, p.hi);
        ctx.stroke();
      }
    });
    ctx.restore();
  },
};

/** After every update, the chart's text alternatives follow (throttled in chart-a11y.js). */
const describedPlugin = {
  id: 'described',
  afterUpdate(chart) {
    if (chart.$described) chart.$described.refresh();
  },
};

/** Marker shapes given by position to series that set none (Chart.js pointStyle names). */
export const SHAPES = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot', 'rectRounded', 'cross'];

/** Legend: datasets with `legend: false` are not listed; a click toggles every dataset of the same group. */
function legendOptions() {
  return {
    position: 'bottom',
    labels: {
      color: INK,
      font: { size: 11 },
      usePointStyle: true,
      boxWidth: 8,
      boxHeight: 8,
      padding: 12,
      filter: (item, data) => data.datasets[item.datasetIndex].legend !== false,
      sort: (a, b) => a.datasetIndex - b.datasetIndex, // not by drawing order
    },
    onClick(e, item, legend) {
      const chart = legend.chart;
      const ds = chart.data.datasets[item.datasetIndex];
      const visible = chart.isDatasetVisible(item.datasetIndex);
      chart.data.datasets.forEach((other, i) => {
        if (other === ds || (ds.group !== undefined && other.group === ds.group)) chart.setDatasetVisibility(i, !visible);
      });
      chart.update('none');
    },
  };
}

/**
 * Creates a scatter/line chart whose axes come from the canvas's data-* attributes.
 * @param {HTMLCanvasElement} canvas
 * @param {{tooltip?: (raw: object, ds: object) => string, y2?: boolean, legend?: boolean, plugins?: object[]}} options
 *        plugins: Chart.js plugins for this chart besides the error bars (e.g. bandPlugin)
 */
export function createChart(canvas, { tooltip, legend = true, plugins = [], summary } = {}) {
  const Chart = window.Chart;
  if (!Chart) throw new Error('Chart.js did not load');
  const x = axisFromAttributes(canvas, 'x');
  const y = axisFromAttributes(canvas, 'y');
  const y2 = axisFromAttributes(canvas, 'y2', { optional: true });
  const scales = { x: scale('x', x, 'bottom'), y: scale('y', y, 'left') };
  if (y2) scales.y2 = scale('y2', y2, 'right');
  const chart = new Chart(canvas, {
    type: 'scatter',
    data: { datasets: [] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      normalized: true,
      parsing: { xAxisKey: 'x', yAxisKey: 'y' },
      interaction: { mode: 'nearest', intersect: false, axis: 'xy' },
      layout: { padding: { top: 4, right: 8 } },
      scales,
      plugins: {
        // The legend is HTML (chart-a11y.js): buttons a keyboard reaches, that wrap on a phone.
        legend: { display: false, ...legendOptions() },
        tooltip: {
          callbacks: {
            label(ctx) {
              const raw = ctx.raw || {};
              if (tooltip) return tooltip(raw, ctx.dataset);
              const sem = Number.isFinite(raw.sem) ? ` ± ${formatNumber(raw.sem)}` : '';
              return `${ctx.dataset.label}: ${formatNumber(ctx.parsed.y)}${sem} at ${formatNumber(ctx.parsed.x)}`;
            },
          },
        },
      },
    },
    plugins: [errorBarsPlugin, describedPlugin, ...plugins],
  });
  chart.$axes = { x, y, y2 };
  chart.$legend = legend;
  chart.$described = describeChart(chart, { summary, format: formatNumber });
  return chart;
}

/** Changes an axis title or unit after creation (e.g. MNIST risk is a test MSE). */
export function setAxis(chart, axis, { title, unit }) {
  const spec = chart.$axes[axis];
  if (title) spec.title = title;
  if (unit) spec.unit = unit;
  chart.options.scales[axis].title.text = axisLabel(spec.title, spec.unit);
}

/**
 * Puts `specs` (each with a stable `key`) into the chart, reusing dataset objects by key so legend
 * visibility survives updates. Points are capped. Returns the number of points now in the chart.
 */
export function syncDatasets(chart, specs, pointCap = DEFAULT_CAP) {
  const old = new Map(chart.data.datasets.map((d) => [d.key, d]));
  const next = specs.map((spec, i) => {
    const ds = old.get(spec.key) || {};
    Object.assign(ds, spec, { data: cap(spec.data, pointCap) });
    if (spec.pointStyle === undefined) ds.pointStyle = SHAPES[i % SHAPES.length];
    return ds;
  });
  chart.data.datasets.length = 0;
  chart.data.datasets.push(...next);
  for (const [axis, spec] of Object.entries(chart.$axes)) {
    if (spec && spec.log && spec.decades) limitDecades(chart, axis, spec.decades);
  }
  return next.reduce((n, d) => n + d.data.length, 0);
}

/**
 * Keeps a log axis to `decades` below its largest value, so a quantity that is essentially zero (bias² of a
 * nearly unregularised fit below the threshold, say) does not squash everything else into a sliver.
 */
function limitDecades(chart, axis, decades) {
  let max = 0;
  let min = Infinity;
  for (const ds of chart.data.datasets) {
    if ((ds.yAxisID || 'y') !== axis && axis.startsWith('y')) continue;
    for (const p of ds.data) {
      const v = axis === 'x' ? p.x : p.y;
      if (v > 0) { max = Math.max(max, v); min = Math.min(min, v); }
    }
  }
  const options = chart.options.scales[axis];
  if (max > 0 && max / min > 10 ** decades) options.min = 10 ** (Math.ceil(Math.log10(max)) - decades);
  else delete options.min;
}

/**
 * Batches redraws into one animation frame: views mark what changed as events arrive, and each
 * marked redraw function runs once per frame however many events came in.
 */
export function createRedrawQueue(requestFrame = (fn) => window.requestAnimationFrame(fn)) {
  const dirty = new Set();
  let scheduled = false;
  function flush() {
    scheduled = false;
    const work = [...dirty];
    dirty.clear();
    for (const fn of work) {
      try {
        fn();
      } catch (e) {
        console.error('chart redraw failed', e);
      }
    }
  }
  return {
    mark(fn) {
      dirty.add(fn);
      if (!scheduled) {
        scheduled = true;
        requestFrame(flush);
      }
    },
    flush,
  };
}

/** Marks a chart box empty (shows its placeholder) or filled, and records the point count for tests. */
export function setFilled(canvas, points) {
  canvas.dataset.points = String(points);
  const box = canvas.closest('.chart-box');
  if (box) box.toggleAttribute('data-empty', points === 0);
}
