// What a chart is for someone who cannot see the canvas, or wants the numbers: under each chart, a legend of
// buttons (keyboard-operable, each series' colour and marker shape, pressed = shown), a one-sentence summary of
// what the chart shows now (aria-live, so a screen reader hears it change as a run streams in), and a data table
// built from the very series the chart draws — hidden behind a toggle for sighted users, always present for
// screen readers. Chart.js charts get all three from createChart (charts.js); other canvases (the heat map) get
// the summary and the table through describeCanvas.

// charts.js imports this module too; cap is a function declaration, so the cycle is safe.
import { cap } from './charts.js';

const ROWS_PER_SERIES = 400; // a table this long is read, not scanned; longer series are thinned evenly
const REFRESH_MS = 800;

/** Table cells keep six significant digits (log Z differences of a hundredth of a nat matter); summaries are short. */
export function tableNumber(v) {
  if (typeof v !== 'number' || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return String(Number(v.toPrecision(6))).replace('-', '−');
} // a streaming run updates a chart every frame; its text follows a little behind

/** The glyph of a Chart.js pointStyle, for HTML legends and table rows. */
export const SHAPE_GLYPH = {
  circle: '●', rect: '■', triangle: '▲', rectRot: '◆', star: '★', cross: '✚', crossRot: '✖', rectRounded: '▢',
  line: '—', dash: '╌',
};

let counter = 0;

function idFor(canvas, part) {
  if (!canvas.id) canvas.id = `chart-${++counter}`;
  return `${canvas.id}-${part}`;
}

/** The place under a canvas for its legend, summary and table (created once, after the canvas's box). */
function panelFor(canvas) {
  if (canvas.$a11y) return canvas.$a11y;
  const box = canvas.closest('.chart-box, .tiles-box') || canvas;
  const panel = document.createElement('div');
  panel.className = 'chart-a11y';
  const legend = document.createElement('ul');
  legend.className = 'chart-legend';
  legend.hidden = true;
  legend.setAttribute('aria-label', 'Series (press to hide or show)');
  const summary = document.createElement('p');
  summary.className = 'chart-summary';
  summary.id = idFor(canvas, 'summary');
  summary.setAttribute('aria-live', 'polite');
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'link-button table-toggle';
  toggle.setAttribute('aria-expanded', 'false');
  const tableWrap = document.createElement('div');
  tableWrap.className = 'chart-table visually-hidden';
  tableWrap.id = idFor(canvas, 'table');
  toggle.setAttribute('aria-controls', tableWrap.id);
  toggle.textContent = 'Show data table';
  panel.append(legend, summary, toggle, tableWrap);
  box.after(panel);
  const described = (canvas.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  if (!described.includes(summary.id)) canvas.setAttribute('aria-describedby', [...described, summary.id].join(' '));
  const state = { panel, legend, summary, toggle, tableWrap, signature: '', summaryText: '', timer: null };
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Hide data table' : 'Show data table';
    tableWrap.classList.toggle('visually-hidden', !open);
    if (open && state.refresh) state.refresh(true);
  });
  canvas.$a11y = state;
  return state;
}

/**
 * Rebuilds a table from columns and row groups: columns [{title}], groups [{name, rows: [[cell…]], total}].
 * Unchanged data (same signature) is not rebuilt.
 */
function renderTable(state, caption, columns, groups) {
  const signature = JSON.stringify([caption, columns.map((c) => c.title), groups.map((g) => [g.name, g.total,
    g.rows.length, g.rows[0], g.rows[g.rows.length - 1]])]);
  if (signature === state.signature) return;
  state.signature = signature;
  const table = document.createElement('table');
  table.className = 'data-table';
  const cap = table.createCaption();
  cap.textContent = caption;
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = c.title;
    head.appendChild(th);
  }
  for (const g of groups) {
    const body = table.createTBody();
    for (const r of g.rows) {
      const tr = body.insertRow();
      r.forEach((v, i) => {
        if (i === 0) {
          const th = document.createElement('th');
          th.scope = 'row';
          th.textContent = v;
          tr.appendChild(th);
        } else {
          tr.insertCell().textContent = v;
        }
      });
    }
    if (g.total > g.rows.length) {
      const tr = body.insertRow();
      const td = tr.insertCell();
      td.colSpan = columns.length;
      td.className = 'muted';
      td.textContent = `${g.name}: ${g.rows.length} of ${g.total} points shown, evenly spaced.`;
    }
  }
  state.tableWrap.replaceChildren(table);
}

function setSummary(state, text) {
  if (text === state.summaryText) return;
  state.summaryText = text;
  state.summary.textContent = text;
}

/** A short form of an axis label for sentences: "N_f/N_i (ratio)" → "N_f/N_i". */
function bare(axis) {
  return axis ? axis.title : '';
}

/** Where a series is highest or lowest inside its range (not at an end), or else how it goes from end to end. */
export function describeOne(d, xName, format) {
  const pts = d.data;
  let top = pts[0];
  let low = pts[0];
  for (const p of pts) {
    if (p.y > top.y) top = p;
    if (p.y < low.y) low = p;
  }
  const first = pts[0];
  const last = pts[pts.length - 1];
  const inside = (p) => pts.length > 2 && p !== first && p !== last;
  if (inside(top)) return `${d.label} peaks at ${xName} = ${format(top.x)} (${format(top.y)})`;
  if (inside(low)) return `${d.label} is lowest at ${xName} = ${format(low.x)} (${format(low.y)})`;
  if (pts.length === 1) return `${d.label} is ${format(first.y)} at ${xName} = ${format(first.x)}`;
  return `${d.label} goes from ${format(first.y)} to ${format(last.y)} as ${xName} goes from ${format(first.x)} to ${format(last.x)}`;
}

/** The generic sentence: the y quantity, then for (at most) two series where they peak or how they run. */
export function describeSeries(datasets, axes, format) {
  const shown = datasets.filter((d) => d.data.length && d.legend !== false);
  const list = shown.length ? shown : datasets.filter((d) => d.data.length);
  if (!list.length) return 'No data yet.';
  const parts = list.slice(0, 2).map((d) => describeOne(d, bare(axes.x), format));
  const more = list.length > 2 ? ` (${list.length} series in all; the table lists every point)` : '';
  return `${bare(axes.y)}: ${parts.join('; ')}${more}.`;
}

function shapeOf(ds) {
  if (ds.pointStyle === 'line' || (ds.pointRadius === 0 && ds.showLine)) return ds.borderDash && ds.borderDash.length ? 'dash' : 'line';
  return typeof ds.pointStyle === 'string' ? ds.pointStyle : 'circle';
}

/**
 * HTML legend buttons for a Chart.js chart: one per listed dataset, toggling its group like the canvas legend did.
 * Buttons are rebuilt only when the series change; a toggle only flips aria-pressed, so keyboard focus stays put.
 */
function renderLegend(state, chart) {
  if (chart.$legend === false) { state.legend.hidden = true; return; }
  const items = chart.data.datasets.map((ds, i) => ({ ds, i })).filter(({ ds }) => ds.legend !== false && ds.data.length);
  const signature = JSON.stringify(items.map(({ ds, i }) => [i, ds.label, ds.borderColor, shapeOf(ds)]));
  if (signature !== state.legendSignature) {
    state.legendSignature = signature;
    const focused = state.legend.contains(document.activeElement)
      ? [...state.legend.querySelectorAll('button')].indexOf(document.activeElement) : -1;
    state.legend.replaceChildren(...items.map(({ ds, i }) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'legend-item';
      button.dataset.index = String(i);
      const mark = document.createElement('span');
      mark.className = 'legend-mark';
      mark.setAttribute('aria-hidden', 'true');
      mark.textContent = SHAPE_GLYPH[shapeOf(ds)] || '●';
      mark.style.color = ds.borderColor;
      const text = document.createElement('span');
      text.textContent = ds.label;
      button.append(mark, text);
      button.addEventListener('click', () => {
        const j = Number(button.dataset.index);
        const target = chart.data.datasets[j];
        const visible = chart.isDatasetVisible(j);
        chart.data.datasets.forEach((other, k) => {
          if (other === target || (target.group !== undefined && other.group === target.group)) chart.setDatasetVisibility(k, !visible);
        });
        chart.update('none');
        syncPressed(state, chart);
      });
      li.appendChild(button);
      return li;
    }));
    const buttons = state.legend.querySelectorAll('button');
    if (focused >= 0 && buttons.length) buttons[Math.min(focused, buttons.length - 1)].focus();
  }
  syncPressed(state, chart);
  state.legend.hidden = items.length === 0;
}

function syncPressed(state, chart) {
  state.legend.querySelectorAll('button').forEach((b) => {
    b.setAttribute('aria-pressed', String(chart.isDatasetVisible(Number(b.dataset.index))));
  });
}

/**
 * Wires a Chart.js chart: legend buttons, summary and table follow every update (throttled).
 * @param chart  the chart (chart.$axes from createChart)
 * @param {{summary?: (chart) => string|null|undefined, format: (v: number) => string}} options
 */
export function describeChart(chart, { summary, format }) {
  const canvas = chart.canvas;
  const state = panelFor(canvas);
  const axes = chart.$axes;
  const axisText = (a) => (a ? `${a.title} (${a.unit})` : '');
  state.refresh = (now = false) => {
    const run = () => {
      state.timer = null;
      const datasets = chart.data.datasets;
      renderLegend(state, chart);
      let text = null;
      try {
        text = summary ? summary(chart) : null;
      } catch (e) {
        console.error(`summary of #${canvas.id} failed`, e);
      }
      setSummary(state, text || describeSeries(datasets, axes, format));
      const y2 = datasets.some((d) => d.yAxisID === 'y2');
      const hasErr = datasets.some((d) => d.data.some((p) => Number.isFinite(p.sem) || Number.isFinite(p.yLow) || Number.isFinite(p.yHigh)));
      const columns = [{ title: 'series' }, { title: axisText(axes.x) }, { title: y2 ? 'value (axis in the series name)' : axisText(axes.y) }];
      if (hasErr) columns.push({ title: 'uncertainty' });
      const groups = datasets.filter((d) => d.data.length).map((d) => {
        const rows = cap(d.data, ROWS_PER_SERIES).map((p) => {
          const r = [d.label, tableNumber(p.x), tableNumber(p.y)];
          if (hasErr) {
            r.push(Number.isFinite(p.sem) ? `± ${tableNumber(p.sem)}`
              : Number.isFinite(p.yLow) || Number.isFinite(p.yHigh)
                ? `${Number.isFinite(p.yLow) ? tableNumber(p.yLow) : '−∞'} … ${Number.isFinite(p.yHigh) ? tableNumber(p.yHigh) : '∞'}` : '');
          }
          return r;
        });
        return { name: d.label, rows, total: d.data.length };
      });
      const label = canvas.getAttribute('aria-label') || canvas.id;
      renderTable(state, `Data of the chart: ${label}`, columns, groups);
    };
    if (now) { if (state.timer) clearTimeout(state.timer); run(); return; }
    if (!state.timer) state.timer = setTimeout(run, REFRESH_MS);
  };
  state.refresh(true);
  return state;
}

/**
 * Summary and table for a canvas that is not a Chart.js chart (the heat map): `describe()` returns
 * {summary, columns: [titles], rows: [[cells]]}; call the returned refresh() after each redraw.
 */
export function describeCanvas(canvas, describe) {
  const state = panelFor(canvas);
  state.legend.remove();
  state.refresh = (now = false) => {
    const run = () => {
      state.timer = null;
      const d = describe();
      setSummary(state, d.summary);
      renderTable(state, `Data of the chart: ${canvas.getAttribute('aria-label') || canvas.id}`,
        d.columns.map((title) => ({ title })), [{ name: 'cells', rows: d.rows, total: d.rows.length }]);
    };
    if (now) { if (state.timer) clearTimeout(state.timer); run(); return; }
    if (!state.timer) state.timer = setTimeout(run, REFRESH_MS);
  };
  state.refresh(true);
  return state.refresh;
}
