// A heat map drawn by hand on a canvas: columns are the distinct x values (e.g. N_f/N_i), rows the distinct
// y values (e.g. λ), each cell coloured by log10(z) on the viridis scale with a colour bar. Cells fill in as
// values arrive; missing cells stay light grey. Axis titles and units come from data-* attributes.

import { axisFromAttributes, axisLabel, formatNumber, formatPower } from './charts.js';
import { describeCanvas } from './chart-a11y.js';

// Viridis at 9 stops (matplotlib), interpolated linearly.
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725']
  .map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));

export function viridis(t) {
  const u = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const c = VIRIDIS[i].map((a, k) => Math.round(a + (VIRIDIS[i + 1][k] - a) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

const MISSING = '#eef1f5';
const INK = '#1f2933';
const INK_2 = '#3e4c59';
const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';
const TITLE_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';

/** Ticks for the colour bar over [lo, hi] in log10 units: whole decades, or a few values when narrow. */
function colourTicks(lo, hi) {
  const ticks = [];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) ticks.push(e);
  if (ticks.length >= 2) {
    const step = Math.ceil(ticks.length / 6);
    return ticks.filter((e, i) => i % step === 0).map((e) => ({ v: e, label: formatPower(e) }));
  }
  const out = [];
  for (let i = 0; i <= 3; i++) {
    const v = lo + ((hi - lo) * i) / 3;
    out.push({ v, label: formatNumber(10 ** v) });
  }
  return out;
}

/**
 * @param {HTMLCanvasElement} canvas  with data-x-*, data-y-* and data-z-* title/unit attributes
 * @param {{formatY?: (v: number) => string, mark?: number}} options  mark: an x value to draw a dashed line at
 */
export function createHeatmap(canvas, { formatY = formatNumber, mark = 1 } = {}) {
  const axes = {
    x: axisFromAttributes(canvas, 'x'),
    y: axisFromAttributes(canvas, 'y'),
    z: axisFromAttributes(canvas, 'z'),
  };
  let cells = [];
  let layout = null;
  const tip = document.createElement('div');
  tip.className = 'heat-tip';
  tip.hidden = true;
  canvas.parentElement.appendChild(tip);

  function draw() {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    if (w === 0 || h === 0) return;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);

    const xs = [...new Set(cells.map((c) => c.x))].sort((a, b) => a - b);
    const ys = [...new Set(cells.map((c) => c.y))].sort((a, b) => a - b);
    const zs = cells.map((c) => c.z).filter((z) => Number.isFinite(z) && z > 0).map(Math.log10);
    let lo = zs.length ? Math.min(...zs) : 0;
    let hi = zs.length ? Math.max(...zs) : 1;
    if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }

    ctx.font = FONT;
    const yLabels = ys.map(formatY);
    const yLabelWidth = Math.max(24, ...yLabels.map((s) => ctx.measureText(s).width));
    const left = 22 + yLabelWidth + 8;
    const right = 78;
    const top = 8;
    const bottom = 44;
    const pw = Math.max(10, w - left - right);
    const ph = Math.max(10, h - top - bottom);
    const cw = xs.length ? pw / xs.length : pw;
    const ch = ys.length ? ph / ys.length : ph;
    layout = { left, top, pw, ph, cw, ch, xs, ys };

    // Cells.
    const byKey = new Map(cells.map((c) => [`${c.x}|${c.y}`, c]));
    ctx.fillStyle = MISSING;
    ctx.fillRect(left, top, pw, ph);
    xs.forEach((x, i) => ys.forEach((y, j) => {
      const c = byKey.get(`${x}|${y}`);
      if (!c || !Number.isFinite(c.z) || c.z <= 0) return;
      ctx.fillStyle = viridis((Math.log10(c.z) - lo) / (hi - lo));
      // Rows run upwards: the smallest y at the bottom, like an axis.
      ctx.fillRect(left + i * cw, top + ph - (j + 1) * ch, Math.ceil(cw), Math.ceil(ch));
    }));
    ctx.strokeStyle = '#9aa5b1';
    ctx.lineWidth = 1;
    ctx.strokeRect(left + 0.5, top + 0.5, pw - 1, ph - 1);

    // Dashed line where x = mark (interpolated in log x between columns).
    if (xs.length >= 2 && mark > xs[0] && mark < xs[xs.length - 1]) {
      const k = xs.findIndex((x) => x >= mark);
      const a = Math.log(xs[k - 1]);
      const b = Math.log(xs[k]);
      const pos = left + (k - 0.5 + (Math.log(mark) - a) / (b - a)) * cw;
      ctx.save();
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(pos, top);
      ctx.lineTo(pos, top + ph);
      ctx.stroke();
      ctx.restore();
    }

    // X tick labels: as many as fit.
    ctx.fillStyle = INK_2;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const every = Math.max(1, Math.ceil(xs.length / Math.max(1, Math.floor(pw / 46))));
    xs.forEach((x, i) => {
      if (i % every !== 0 && i !== xs.length - 1) return;
      if (i === xs.length - 1 && i % every !== 0 && (xs.length - 1) % every < every / 2) return;
      ctx.fillText(formatNumber(x), left + (i + 0.5) * cw, top + ph + 4);
    });
    // Y tick labels.
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const yEvery = Math.max(1, Math.ceil(14 / ch));
    ys.forEach((y, j) => {
      if (j % yEvery !== 0) return;
      ctx.fillText(yLabels[j], left - 6, top + ph - (j + 0.5) * ch);
    });
    // Axis titles.
    ctx.fillStyle = INK;
    ctx.font = TITLE_FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(axisLabel(axes.x.title, axes.x.unit), left + pw / 2, h - 2);
    ctx.save();
    ctx.translate(12, top + ph / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(axisLabel(axes.y.title, axes.y.unit), 0, 0);
    ctx.restore();

    // Colour bar with its title.
    const bx = left + pw + 14;
    const bw = 12;
    for (let i = 0; i < ph; i++) {
      ctx.fillStyle = viridis(1 - i / ph);
      ctx.fillRect(bx, top + i, bw, 1.5);
    }
    ctx.strokeStyle = '#9aa5b1';
    ctx.strokeRect(bx + 0.5, top + 0.5, bw - 1, ph - 1);
    ctx.font = FONT;
    ctx.fillStyle = INK_2;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    if (zs.length) {
      for (const t of colourTicks(lo, hi)) {
        const yy = top + ph - ((t.v - lo) / (hi - lo)) * ph;
        ctx.fillRect(bx + bw, yy - 0.5, 3, 1);
        ctx.fillText(t.label, bx + bw + 5, yy);
      }
    }
    ctx.save();
    ctx.fillStyle = INK;
    ctx.font = TITLE_FONT;
    ctx.translate(w - 8, top + ph / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(axisLabel(axes.z.title, axes.z.unit), 0, 0);
    ctx.restore();
  }

  function cellAt(px, py) {
    if (!layout || !layout.xs.length) return null;
    const i = Math.floor((px - layout.left) / layout.cw);
    const j = Math.floor((layout.top + layout.ph - py) / layout.ch);
    if (i < 0 || j < 0 || i >= layout.xs.length || j >= layout.ys.length) return null;
    const x = layout.xs[i];
    const y = layout.ys[j];
    return { x, y, cell: cells.find((c) => c.x === x && c.y === y), px: layout.left + (i + 0.5) * layout.cw,
      py: layout.top + layout.ph - (j + 1) * layout.ch };
  }

  canvas.addEventListener('mousemove', (e) => {
    const r = canvas.getBoundingClientRect();
    const hit = cellAt(e.clientX - r.left, e.clientY - r.top);
    if (!hit) { tip.hidden = true; return; }
    const z = hit.cell && Number.isFinite(hit.cell.z) ? formatNumber(hit.cell.z) : 'not yet';
    tip.textContent = `${axes.x.title} = ${formatNumber(hit.x)}, ${axes.y.title} = ${formatY(hit.y)}: ${z}`;
    tip.style.left = `${hit.px}px`;
    tip.style.top = `${hit.py}px`;
    tip.hidden = false;
  });
  canvas.addEventListener('mouseleave', () => { tip.hidden = true; });
  new ResizeObserver(() => draw()).observe(canvas);

  // The text alternative: every cell as a row, and where the colour scale peaks.
  const describe = () => {
    const shown = cells.filter((c) => Number.isFinite(c.z));
    const name = (a) => `${axes[a].title} (${axes[a].unit})`;
    let top = null;
    for (const c of shown) if (!top || c.z > top.z) top = c;
    return {
      summary: top ? `${axes.z.title} over ${shown.length} cells, highest ${formatNumber(top.z)} at ${axes.x.title} = `
        + `${formatNumber(top.x)}, ${axes.y.title} = ${formatY(top.y)}.` : 'No data yet.',
      columns: [name('y'), name('x'), name('z')],
      rows: [...shown].sort((a, b) => a.y - b.y || a.x - b.x).map((c) => [formatY(c.y), formatNumber(c.x), formatNumber(c.z)]),
    };
  };
  const refreshText = describeCanvas(canvas, describe);

  return {
    /** Replaces the cells ({x, y, z}) and redraws. Returns the number of coloured cells. */
    set(next) {
      cells = next;
      draw();
      refreshText();
      return cells.filter((c) => Number.isFinite(c.z) && c.z > 0).length;
    },
    setAxis(axis, { title, unit }) {
      if (title) axes[axis].title = title;
      if (unit) axes[axis].unit = unit;
    },
    draw,
  };
}
