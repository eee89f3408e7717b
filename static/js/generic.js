// The view for a lab without its own page: one table per streamed series with its latest points.

import { mountView } from './view-base.js';

const KEEP = 12;

function cell(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  if (v === null || v === undefined) return '–';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function createView(root) {
  const host = root.querySelector('[data-series-tables]');
  let series;

  function render(name) {
    const rows = series.get(name);
    let table = host.querySelector(`table[data-series="${CSS.escape(name)}"]`);
    if (!table) {
      const wrap = document.createElement('div');
      wrap.className = 'series-wrap';
      table = document.createElement('table');
      table.className = 'series-table';
      table.dataset.series = name;
      wrap.appendChild(table);
      host.appendChild(wrap);
    }
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    table.replaceChildren();
    const caption = table.createCaption();
    caption.textContent = `${name} (latest ${rows.length} points)`;
    const head = table.createTHead().insertRow();
    for (const k of keys) {
      const th = document.createElement('th');
      th.textContent = k;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const r of rows) {
      const tr = body.insertRow();
      for (const k of keys) tr.insertCell().textContent = cell(r[k]);
    }
    root.dataset.points = String([...series.values()].reduce((n, s) => n + s.length, 0));
  }

  function reset() {
    series = new Map();
    host.querySelectorAll('.series-wrap').forEach((e) => e.remove());
    const empty = host.querySelector('[data-series-empty]');
    if (empty) empty.hidden = false;
  }

  function onPoint(name, values) {
    const empty = host.querySelector('[data-series-empty]');
    if (empty) empty.hidden = true;
    if (!series.has(name)) series.set(name, []);
    const rows = series.get(name);
    rows.push(values);
    if (rows.length > KEEP) rows.shift();
    render(name);
  }

  return mountView(root, { reset, point: onPoint });
}
