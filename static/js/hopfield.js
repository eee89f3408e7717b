// The Hopfield lab view: turns the run's streamed series (see cheaplab.lab.hopfield.HopfieldLab) into charts and images.
//   theory     {alpha: [...], overlap: [...], errorFraction: [...], alphaC, overlapAtAlphaC, errorAtAlphaC, applies}
//                                                     → the AGS curve and the α_c line on the load charts
//   alpha      {alpha, patterns, recalls, overlap, overlapSem, overlapTheory, errorFraction, retrievalFraction,
//               stableFraction, unstableBitFraction, unstableBitTheory, spurious, mixtures, …}
//                                                     → overlap, fractions, wrong bits, unstable bits
//   energy     {alpha, sweeps: [...], energy: [...], fixedPoint}      → one energy trajectory per load
//   recall     {alpha, cueOverlap, recallOverlap, sweeps, fixedPoint, …tile payload}  → pattern | cue | recall
//   mixture    {alpha, overlaps: [3], startFixedPoint, endFixedPoint, flips, …tile payload}
//   transition {alphaC, alphaCTheory, maxDeviationBelowAlphaC}       → measured α_c line and the readout
// The stream bookkeeping and the once-per-frame redraws are view-base.js's (mountView).

import { byX, colour, createChart, formatNumber, point, setFilled, syncDatasets } from './charts.js';
import { drawTiles } from './tiles.js';
import { mountView } from './view-base.js';

const MEASURED = '#0072B2';
const THEORY = '#1f2933';
const STABLE = '#D55E00';
const SPURIOUS = '#CC79A7';
const ALPHA_C = '#009E73';
const SHAPES = ['circle', 'triangle', 'rect', 'rectRot', 'star', 'crossRot'];

const fixed = (v, d = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d).replace('-', '−') : '–');
const percent = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');

export function createView(root) {
  const canvas = (id) => root.querySelector(`#${id}`);
  let m = null; // the view's model of what arrived (reset() makes it)
  let view;
  const loadsText = () => {
    const n = m ? m.points.size : 0;
    return `${n} load${n === 1 ? '' : 's'}`;
  };
  const charts = {
    overlap: createChart(canvas('chart-overlap'), {
      tooltip: (raw, ds) => (ds.key === 'measured'
        ? `α = ${fixed(raw.x)}: m = ${fixed(raw.y, 4)} ± ${fixed(raw.sem, 4)} (${raw.recalls} recalls)`
          + (Number.isFinite(raw.theory) ? `, AGS ${fixed(raw.theory, 4)}` : '')
        : `${ds.label}: ${fixed(raw.y, 4)} at α = ${fixed(raw.x, 4)}`),
      summary: () => `Mean overlap after recall at ${loadsText()}, with the AGS replica-symmetric curve that ends at α_c = ${fixed(m && m.theory && m.theory.alphaC, 4)}`
        + (m && m.transition && Number.isFinite(m.transition.alphaC) ? `; recall fails above α = ${fixed(m.transition.alphaC, 3)} in this run.` : '.'),
    }),
    fractions: createChart(canvas('chart-fractions'), {
      tooltip: (raw, ds) => `${ds.label}: ${percent(raw.y)} at α = ${fixed(raw.x)}`,
      summary: () => `Fractions of successful recalls, stable stored patterns and spurious end states at ${loadsText()}.`,
    }),
    errors: createChart(canvas('chart-errors'), {
      tooltip: (raw, ds) => `${ds.label}: ${percent(raw.y)} wrong bits at α = ${fixed(raw.x)}`,
      summary: () => `Fraction of wrong bits after recall at ${loadsText()}, against the AGS prediction.`,
    }),
    energy: createChart(canvas('chart-energy'), {
      tooltip: (raw, ds) => `${ds.label}: E/N = ${fixed(raw.y, 4)} after ${fixed(raw.x, 2)} sweeps`,
      summary: () => `Energy per neuron during one recall at each of ${m ? m.energy.size : 0} loads; it never rises at T = 0.`,
    }),
    unstable: createChart(canvas('chart-unstable'), {
      tooltip: (raw, ds) => `${ds.label}: ${formatNumber(raw.y)} at α = ${fixed(raw.x)}`,
      summary: () => `Fraction of stored bits that one update would flip at ${loadsText()}, with the Gaussian crosstalk estimate.`,
    }),
  };
  const recallCanvas = canvas('tiles-recall');
  const mixtureCanvas = canvas('tiles-mixture');
  const slider = root.querySelector('[data-frame-slider]');
  const frameLabel = root.querySelector('[data-frame-label]');
  function reset() {
    m = { config: null, theory: null, points: new Map(), energy: new Map(), recalls: [], mixture: null,
      transition: null, shown: -1, follow: true };
  }

  const points = () => [...m.points.values()].sort((a, b) => a.alpha - b.alpha);
  const series = (key, extra) => points().map((p) => point(p.alpha, p[key], {}, extra ? extra(p) : undefined)).filter(Boolean);
  const markers = (col, shape, extra = {}) => ({
    showLine: false, borderColor: col, backgroundColor: col, pointStyle: shape, pointRadius: 4, pointHoverRadius: 6,
    clip: 8, ...extra,
  });
  const curve = (col, extra = {}) => ({ showLine: true, borderColor: col, backgroundColor: col, borderWidth: 1.75,
    pointRadius: 0, pointHoverRadius: 3, ...extra });

  /** A vertical line at x from y0 to y1 (the α_c marks). */
  function vertical(key, label, x, y0, y1, dash, col) {
    if (typeof x !== 'number' || !Number.isFinite(x)) return null;
    return { key, label, data: [{ x, y: y0 }, { x, y: y1 }], ...curve(col, { borderDash: dash, borderWidth: 1.5 }) };
  }

  function criticalLines(y0, y1) {
    const out = [];
    if (m.theory) out.push(vertical('alphaC', `AGS α_c = ${fixed(m.theory.alphaC, 4)}`, m.theory.alphaC, y0, y1, [6, 4], ALPHA_C));
    if (m.transition && Number.isFinite(m.transition.alphaC)) {
      out.push(vertical('measuredC', `this run: ½ of recalls fail at α = ${fixed(m.transition.alphaC, 3)}`,
        m.transition.alphaC, y0, y1, [2, 3], MEASURED));
    }
    return out.filter(Boolean);
  }

  function theoryCurve(key) {
    const t = m.theory;
    if (!t || !t.applies) return [];
    return t.alpha.map((a, i) => point(a, t[key][i])).filter(Boolean);
  }

  function finish(chart, specs) {
    setFilled(chart.canvas, syncDatasets(chart, specs.filter((s) => s.data.length)));
    chart.update('none');
  }

  const DRAW = {
    overlap() {
      const specs = [
        { key: 'theory', label: 'AGS replica-symmetric m(α), T = 0', data: theoryCurve('overlap'), ...curve(THEORY) },
        { key: 'measured', label: m.config ? `measured, N = ${m.config.neurons.toLocaleString('en')}, ${m.config.rule}` : 'measured',
          errorBars: true, data: series('overlap', (p) => ({ sem: p.overlapSem, recalls: p.recalls, theory: p.overlapTheory,
            yMin: p.overlap - (p.overlapSem || 0), yMax: p.overlap + (p.overlapSem || 0) })), ...markers(MEASURED, 'circle') },
        ...criticalLines(0, 1),
      ];
      finish(charts.overlap, specs);
      readout();
    },
    fractions() {
      const specs = [
        { key: 'retrieval', label: 'recalls ending with m ≥ 0.9', data: series('retrievalFraction'), ...markers(MEASURED, 'circle', { showLine: true, borderWidth: 1 }) },
        { key: 'stable', label: 'stored patterns that are fixed points', data: series('stableFraction'), ...markers(STABLE, 'triangle', { showLine: true, borderWidth: 1, borderDash: [5, 3] }) },
        { key: 'spurious', label: 'recalls ending in spurious states',
          data: points().map((p) => point(p.alpha, p.spurious / p.recalls, {}, { mixtures: p.mixtures })).filter(Boolean),
          ...markers(SPURIOUS, 'rect', { showLine: true, borderWidth: 1, borderDash: [2, 2] }) },
        ...criticalLines(0, 1),
      ];
      finish(charts.fractions, specs);
    },
    errors() {
      const specs = [
        { key: 'theory', label: 'AGS (1 − m)/2', data: theoryCurve('errorFraction'), ...curve(THEORY) },
        { key: 'measured', label: 'measured (1 − m)/2', data: series('errorFraction'), ...markers(MEASURED, 'circle') },
        ...criticalLines(0, 0.5),
      ];
      finish(charts.errors, specs);
    },
    unstable() {
      const specs = [
        { key: 'theory', label: 'Φ(−√((N−1)/(P−1)))', data: series('unstableBitTheory').filter((p) => p.y > 0), ...curve(THEORY) },
        { key: 'measured', label: 'measured', data: series('unstableBitFraction').filter((p) => p.y > 0), ...markers(MEASURED, 'circle') },
      ];
      finish(charts.unstable, specs);
    },
    energy() {
      const loads = [...m.energy.values()].sort((a, b) => a.alpha - b.alpha);
      const specs = loads.map((e, i) => ({
        key: `a${e.alpha}`, label: `α = ${fixed(e.alpha)}`,
        data: e.sweeps.map((s, j) => point(s, e.energy[j])).filter(Boolean).sort(byX),
        ...curve(colour(i), { pointRadius: 2, pointStyle: SHAPES[i % SHAPES.length], borderWidth: 1.5 }),
      }));
      finish(charts.energy, specs);
    },
    tiles() {
      const i = m.shown;
      const frame = m.recalls[i];
      let drawn = 0;
      try {
        drawn = drawTiles(recallCanvas, frame);
      } catch (e) {
        console.error('cannot draw the recall images', e);
      }
      recallCanvas.dataset.drawn = String(drawn);
      recallCanvas.dataset.frames = String(m.recalls.length);
      recallCanvas.closest('.tiles-box').toggleAttribute('data-empty', drawn === 0);
      note('recall', frame ? `· α = ${fixed(frame.alpha)}: cue m = ${fixed(frame.cueOverlap)}, recall m = ${fixed(frame.recallOverlap)}`
        + ` after ${frame.sweeps} sweep${frame.sweeps === 1 ? '' : 's'}${frame.fixedPoint ? ' (fixed point)' : ''}` : '');
      let mixed = 0;
      try {
        mixed = drawTiles(mixtureCanvas, m.mixture);
      } catch (e) {
        console.error('cannot draw the mixture images', e);
      }
      mixtureCanvas.dataset.drawn = String(mixed);
      mixtureCanvas.closest('.tiles-box').toggleAttribute('data-empty', mixed === 0);
      const mx = m.mixture;
      note('mixture', mx ? `· α = ${fixed(mx.alpha)}: overlaps ${mx.overlaps.map((q) => fixed(q, 2)).join(', ')}`
        + `${mx.endFixedPoint ? ', a fixed point' : ''} after ${mx.flips} flip${mx.flips === 1 ? '' : 's'}` : '');
      slider.max = String(Math.max(0, m.recalls.length - 1));
      slider.value = String(Math.max(0, i));
      slider.disabled = m.recalls.length < 2;
      slider.setAttribute('aria-valuetext', frame ? `α = ${fixed(frame.alpha)}` : 'no loads yet');
      frameLabel.textContent = frame ? `· α = ${fixed(frame.alpha)}, P = ${m.points.get(frame.alpha) ? m.points.get(frame.alpha).patterns : '?'}`
        + (m.recalls.length > 1 ? ` (load ${i + 1} of ${m.recalls.length})` : '') : '';
    },
  };

  function note(name, text) {
    const el = root.querySelector(`[data-tiles-note="${name}"]`);
    if (el) el.textContent = text;
  }

  function readout() {
    const t = m.theory;
    const parts = [];
    if (t) parts.push(`AGS: α_c = ${fixed(t.alphaC, 4)}, m = ${fixed(t.overlapAtAlphaC, 3)} there (${percent(t.errorAtAlphaC)} wrong bits)`);
    if (m.transition) {
      parts.push(Number.isFinite(m.transition.alphaC) ? `this run: half of the recalls fail at α = ${fixed(m.transition.alphaC, 3)}`
        : 'this run’s loads do not bracket the collapse');
      if (Number.isFinite(m.transition.maxDeviationBelowAlphaC)) {
        parts.push(`largest |m − m_AGS| below α_c: ${fixed(m.transition.maxDeviationBelowAlphaC, 4)}`);
      }
    }
    view.readout('transition', parts.length ? `${parts.join(' · ')}.` : '');
  }

  function applyConfig(config) {
    m.config = config;
    const alphas = Array.isArray(config.alphas) ? config.alphas : [];
    const top = Math.max(0.15, ...alphas) * 1.04;
    for (const key of ['overlap', 'fractions', 'errors', 'unstable']) {
      charts[key].options.scales.x.min = 0;
      charts[key].options.scales.x.max = Number(top.toFixed(3));
    }
    charts.overlap.options.scales.y.min = 0;
    charts.overlap.options.scales.y.max = 1;
    charts.fractions.options.scales.y.min = 0;
    charts.fractions.options.scales.y.max = 1;
    charts.errors.options.scales.y.min = 0;
  }

  /** Stores one streamed point and names the draws it changes (view-base runs them once per frame). */
  function onPoint(series, v) {
    switch (series) {
      case 'theory':
        m.theory = v;
        return ['overlap', 'errors', 'fractions'];
      case 'alpha':
        m.points.set(v.alpha, v);
        return ['overlap', 'fractions', 'errors', 'unstable', 'tiles'];
      case 'energy':
        m.energy.set(v.alpha, v);
        return 'energy';
      case 'recall':
        m.recalls.push(v);
        if (m.follow) m.shown = m.recalls.length - 1;
        return 'tiles';
      case 'mixture':
        m.mixture = v;
        return 'tiles';
      case 'transition':
        m.transition = v;
        return ['overlap', 'fractions', 'errors'];
      default:
        return undefined; // a series this view does not draw
    }
  }

  slider.addEventListener('input', () => {
    m.shown = Number(slider.value);
    m.follow = m.shown >= m.recalls.length - 1;
    view.mark(DRAW.tiles);
  });
  let lastWidth = 0;
  new ResizeObserver((entries) => {
    const w = Math.round(entries[0].contentRect.width);
    if (w !== lastWidth) {
      lastWidth = w;
      view.mark(DRAW.tiles);
    }
  }).observe(root.querySelector('.tiles-row'));

  view = mountView(root, { reset, draws: DRAW, configure: applyConfig, point: onPoint });
  return view;
}
