// Run comparison (templates/fragments/run.html "compare", web/Comparison.java): the lab's own view draws each run in
// turn from its stored events; after each, its line charts' series are kept, and once all runs are drawn every chart
// shows all of them: one colour per run, the series of a run told apart by their markers and dashes, every legend
// entry prefixed with what sets its run apart ("k = 10: validation"). Heat maps, image grids and readouts are not
// overlaid: the first run is drawn last, so they show it.

import { colour, setFilled, withAlpha } from './charts.js';

/** The events of a run, all of them (the API returns every event after seq 0). */
async function eventsOf(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

/** Every Chart.js chart under the root, by canvas id. */
function chartsUnder(root) {
  const out = new Map();
  for (const canvas of root.querySelectorAll('canvas[id]')) {
    const chart = window.Chart && window.Chart.getChart(canvas);
    if (chart) out.set(canvas.id, chart);
  }
  return out;
}

/** A copy of a chart's series and x range, to put back later beside other runs'. */
function snapshot(chart) {
  return {
    datasets: chart.data.datasets.map((ds) => ({ ...ds, data: ds.data.slice() })),
    xMin: chart.options.scales.x.min,
    xMax: chart.options.scales.x.max,
  };
}

/** Recolours a run's series: the run's colour for lines and marks, fills kept light. */
function inRunColour(ds, run, index) {
  const c = colour(index);
  const out = {
    ...ds,
    key: `run${index}:${ds.key ?? ds.label}`,
    group: ds.group !== undefined ? `run${index}:${ds.group}` : undefined,
    label: `${run.label}: ${ds.label}`,
    borderColor: c,
    pointBorderColor: c,
    pointBackgroundColor: ds.pointBackgroundColor ? withAlpha(c, 0.3) : c,
    backgroundColor: ds.fill || ds.band ? withAlpha(c, 0.18) : c,
  };
  return out;
}

function finite(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Draws the comparison the panel describes onto the lab view under `root`.
 * @param {Element} panel  the compare panel (data-compare-run items with data-index)
 * @param {object} view    the lab's view (view-base.js: reset, handle, flush)
 */
export async function compareRuns(panel, root, view) {
  const status = panel.querySelector('[data-role=compare-status]');
  const runs = [...panel.querySelectorAll('[data-compare-run]')].map((li) => ({
    id: li.dataset.compareRun,
    index: Number(li.dataset.index),
    label: li.querySelector('.compare-label').textContent.trim(),
  }));
  panel.querySelectorAll('[data-compare-run]').forEach((li) => {
    li.querySelector('[data-run-mark]').style.color = colour(Number(li.dataset.index));
  });
  const say = (text) => { if (status) status.textContent = text; };
  try {
    const events = await Promise.all(runs.map((r) => eventsOf(`/api/runs/${encodeURIComponent(r.id)}/events`)));
    const snaps = new Array(runs.length);
    // The first run last: what is not overlaid (heat maps, tiles, readouts) then shows it.
    for (let i = runs.length - 1; i >= 0; i--) {
      view.reset();
      for (const e of events[i]) view.handle(e);
      view.flush();
      snaps[i] = new Map([...chartsUnder(root)].map(([id, chart]) => [id, snapshot(chart)]));
    }
    let overlaid = 0;
    for (const [id, chart] of chartsUnder(root)) {
      const datasets = [];
      let xMin;
      let xMax;
      runs.forEach((run, i) => {
        const s = snaps[i].get(id);
        if (!s) return;
        datasets.push(...s.datasets.filter((d) => d.data.length).map((d) => inRunColour(d, run, run.index)));
        if (finite(s.xMin)) xMin = finite(xMin) ? Math.min(xMin, s.xMin) : s.xMin;
        if (finite(s.xMax)) xMax = finite(xMax) ? Math.max(xMax, s.xMax) : s.xMax;
      });
      chart.data.datasets.length = 0;
      chart.data.datasets.push(...datasets);
      if (finite(xMin)) chart.options.scales.x.min = xMin;
      if (finite(xMax)) chart.options.scales.x.max = xMax;
      chart.update('none');
      if (chart.$described) chart.$described.refresh(true); // legend, summary and table of the overlay at once
      const points = datasets.reduce((n, d) => n + d.data.length, 0);
      setFilled(chart.canvas, points);
      chart.canvas.dataset.runs = String(new Set(datasets.map((d) => d.key.split(':')[0])).size);
      if (points) overlaid += 1;
    }
    root.dataset.compared = String(runs.length);
    say(`${runs.length} runs overlaid on ${overlaid} chart${overlaid === 1 ? '' : 's'}.`);
  } catch (e) {
    console.error('comparison failed', e);
    say(`Could not load the runs: ${e.message}`);
    root.dataset.compared = 'error';
  }
}
