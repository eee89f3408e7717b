// The part of every lab view that is not its charts: the bookkeeping of a run's event stream (replayed or live),
// the placeholders of charts that are still empty, the redraw queue, and what a comparison needs from a view.
// A lab's module (static/js/<lab>.js, found by the page's data-lab-view: no shared registry) only says how its
// events become charts:
//
//   import { mountView } from './view-base.js';
//   export function createView(root) {
//     const charts = { loss: createChart(root.querySelector('#chart-loss'), { summary: … }) };
//     let m;                                            // the view's model of what arrived
//     const DRAW = { loss() { …syncDatasets(charts.loss, …); charts.loss.update('none'); } };
//     return mountView(root, {
//       reset() { m = { points: [] }; },                // a fresh model (a new run, or a replay from the start)
//       draws: DRAW,                                    // every one of them redraws after reset and configure
//       configure(config) { m.config = config; },       // the run's config (its "started" event, or the form's)
//       point(series, values) {                         // one streamed point: store it, name the draws it changes
//         if (series === 'loss') { m.points.push(values); return 'loss'; }
//       },
//       unfed(type, placeholder) { … },                 // optional: why an empty chart stayed empty at the end
//     });
//   }
//
// point() returns the names (or functions) of the draws to run, or marks them itself with view.mark(fn). Draws run
// at most once per animation frame however many events came; flush() runs what is pending now (comparisons,
// tests). The server's facts about the lab (Lab.viewFacts(), e.g. the largest model with an exact partition
// function) are in view.facts.

import { createRedrawQueue } from './charts.js';
import { TERMINAL } from './run-stream.js';

const PLACEHOLDERS = '.chart-box[data-empty] .chart-empty, .tiles-box[data-empty] .tiles-empty, [data-empty] > [data-placeholder]';

/** The default reason an empty chart gives once its run has ended. */
export function unfedText(type) {
  return type === 'finished' ? 'This run sent no data for this chart.' : `The run ended (${type}) before this chart got any data.`;
}

/** Parses the JSON the server wrote into data-view-facts; {} when there is none. */
function factsOf(root) {
  try {
    return root.dataset.viewFacts ? JSON.parse(root.dataset.viewFacts) : {};
  } catch (e) {
    console.error('data-view-facts is not JSON', e);
    return {};
  }
}

/**
 * Mounts a lab view on its root element.
 * @returns {{reset(): void, handle(event): void, configure(config): void, mark(fn): void, flush(): void,
 *            readout(name: string, text: string): void, facts: object, root: Element}}
 */
export function mountView(root, spec) {
  const queue = createRedrawQueue();
  const draws = spec.draws || {};
  let events = 0;

  function markAll() {
    for (const draw of Object.values(draws)) queue.mark(draw);
  }

  function markNamed(names) {
    if (!names) return;
    for (const n of Array.isArray(names) ? names : [names]) {
      const fn = typeof n === 'function' ? n : draws[n];
      if (!fn) throw new Error(`view: no draw named "${n}"`);
      queue.mark(fn);
    }
  }

  /** Once the run has ended, a chart still empty says why instead of waiting forever. */
  function markUnfed(type) {
    root.querySelectorAll(PLACEHOLDERS).forEach((p) => {
      if (p.dataset.waiting === undefined) p.dataset.waiting = p.textContent;
      p.textContent = (spec.unfed && spec.unfed(type, p)) || unfedText(type);
    });
  }

  const view = {
    root,
    facts: factsOf(root),
    reset() {
      events = 0;
      root.dataset.events = '0';
      root.dataset.lastSeq = '0';
      root.querySelectorAll('[data-waiting]').forEach((p) => {
        p.textContent = p.dataset.waiting;
        delete p.dataset.waiting;
      });
      root.querySelectorAll('[data-readout]').forEach((el) => { el.textContent = ''; });
      spec.reset();
      markAll();
    },
    /** Takes one run event (already de-duplicated by the stream). */
    handle(event) {
      events += 1;
      root.dataset.events = String(events);
      root.dataset.lastSeq = String(event.seq);
      if (event.type === 'started' && event.config) view.configure(event.config);
      else if (event.type === 'point') markNamed(spec.point(event.series, event.values || {}));
      else if (TERMINAL.has(event.type)) queue.mark(() => markUnfed(event.type)); // after the last redraws
    },
    /** The config of the run (known before the first event from the form, or from its "started" event). */
    configure(config) {
      if (!config) return;
      if (spec.configure) spec.configure(config);
      markAll();
    },
    mark(fn) {
      queue.mark(fn);
    },
    flush() {
      queue.flush();
    },
    /** Sets the text of the element with data-readout="name" under the root. */
    readout(name, text) {
      const el = root.querySelector(`[data-readout="${name}"]`);
      if (el) el.textContent = text;
    },
  };
  view.reset();
  return view;
}
