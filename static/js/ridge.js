// The Regularization (ridge) lab view: turns the run's streamed series (listed in docs/labs/ridge.md, "Reproducing a figure from the command line") into charts.
// Series: risk, theory, spectrum (+ mp), lcurve, lcurveMark, picard, tsvd, classify. The view keeps its own
// model of what arrived and redraws each chart at most once per animation frame.

import {
  byX, colour, createChart, formatLambda, formatNumber, point, setAxis, setFilled, syncDatasets, withAlpha,
} from './charts.js';
import { createHeatmap } from './heatmap.js';
import { mountView } from './view-base.js';

const MARKS = {
  corner: { label: 'corner (max curvature)', colour: '#D55E00', style: 'triangle' },
  gcv: { label: 'GCV choice', colour: '#0072B2', style: 'rect' },
  cv: { label: 'CV choice', colour: '#009E73', style: 'rectRot' },
};
const DARK = '#1f2933';

function sameLambda(a, b) {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** <var>N<sub>i</sub></var> as the page's HTML writes it (the headings are text, not KaTeX). */
function symbol(name, sub) {
  const v = document.createElement('var');
  const s = document.createElement('sub');
  v.textContent = name;
  s.textContent = sub;
  v.appendChild(s);
  return v;
}

/** "Test risk peaks at N_f/N_i = 1.02 for λ = 10⁻⁶ (126); at λ = 1 its highest is 0.85 (N_f/N_i = 4)." */
function riskSummary(chart) {
  const measured = chart.data.datasets.filter((d) => d.key && d.key.startsWith('m') && d.data.length);
  if (!measured.length) return null;
  const peak = (d) => d.data.reduce((a, p) => (p.y > a.y ? p : a), d.data[0]);
  const name = chart.$axes.y.title.startsWith('test MSE') ? 'Test MSE' : 'Test risk';
  const small = measured[0];
  const p = peak(small);
  let text = `${name} peaks at N_f/N_i = ${formatNumber(p.x)} for ${small.label} (${formatNumber(p.y)})`;
  if (measured.length > 1) {
    const big = measured[measured.length - 1];
    const q = peak(big);
    text += `; with ${big.label} its highest is ${formatNumber(q.y)} (N_f/N_i = ${formatNumber(q.x)})`;
  }
  return `${text}.`;
}

export function createView(root) {
  const canvas = (id) => root.querySelector(`#${id}`);
  const charts = {
    risk: createChart(canvas('chart-risk'), {
      summary: riskSummary,
      tooltip: (raw, ds) => `${ds.label}: ${formatNumber(raw.y)}${Number.isFinite(raw.sem) ? ` ± ${formatNumber(raw.sem)}` : ''}`
        + ` at N_f/N_i = ${formatNumber(raw.x)}${raw.n ? ` (N_i = ${raw.n})` : ''}`,
    }),
    biasvar: createChart(canvas('chart-biasvar')),
    norm: createChart(canvas('chart-norm')),
    lcurve: createChart(canvas('chart-lcurve'), {
      tooltip: (raw, ds) => `${ds.label}: λ = ${formatLambda(raw.lambda)}, ‖residual‖ = ${formatNumber(raw.x)}, ‖ŵ‖ = ${formatNumber(raw.y)}`,
    }),
    spectrum: createChart(canvas('chart-spectrum')),
    picard: createChart(canvas('chart-picard')),
    tsvd: createChart(canvas('chart-tsvd')),
    classify: createChart(canvas('chart-classify')),
  };
  const heatCanvas = canvas('chart-heatmap');
  const heat = createHeatmap(heatCanvas, { formatY: formatLambda });
  let m;
  let view;

  function reset() {
    m = {
      config: null,
      lambdas: [],
      risk: new Map(),
      theory: new Map(),
      spectrum: [],
      mp: [],
      lcurve: [],
      marks: new Map(),
      picard: [],
      tsvd: [],
      classify: new Map(),
    };
    root.querySelectorAll('[data-focus-note]').forEach((el) => el.replaceChildren());
  }

  /** An empty classification chart of a run with classify = false says so. */
  function unfed(type, placeholder) {
    const box = placeholder.closest('.chart-box');
    const classifyOff = box && box.querySelector('#chart-classify') && m.config && m.config.classify === false;
    return classifyOff ? 'Classification was switched off for this run (classify = false).' : undefined;
  }

  /** Which training set the focus charts show: the run says so (its "focus" point, from RidgeConfig.focus()). */
  function showFocus(v) {
    const n = v.instances;
    root.querySelectorAll('[data-focus-note]').forEach((el) => {
      el.replaceChildren();
      if (n) el.append('· focus ', symbol('N', 'i'), ` = ${n} (`, symbol('N', 'f'), '/', symbol('N', 'i'),
        ` = ${formatNumber(v.features / n)})`);
    });
  }

  function lambdaIndex(l) {
    let i = m.lambdas.findIndex((x) => sameLambda(x, l));
    if (i < 0) {
      m.lambdas.push(l);
      m.lambdas.sort((a, b) => a - b);
      i = m.lambdas.findIndex((x) => sameLambda(x, l));
      view.mark(DRAW.risk); view.mark(DRAW.biasvar); view.mark(DRAW.norm);
    }
    return i;
  }

  function perLambda(valueOf, semOf) {
    return m.lambdas.map((l) => {
      const pts = [];
      for (const p of m.risk.values()) {
        if (!sameLambda(p.lambda, l)) continue;
        const y = valueOf(p);
        const sem = semOf ? semOf(p) : null;
        const extra = Number.isFinite(sem) ? { yMin: y - sem, yMax: y + sem, sem, n: p.instances } : { n: p.instances };
        const q = point(p.ratio, y, { logX: true, logY: true }, extra);
        if (q) pts.push(q);
      }
      return pts.sort(byX);
    });
  }

  const DRAW = {
    risk() {
      const measured = perLambda((p) => p.testRisk, (p) => p.testRiskSem);
      const specs = [];
      m.lambdas.forEach((l, i) => {
        const c = colour(i);
        specs.push({
          key: `m${l}`, group: `l${l}`, label: `λ = ${formatLambda(l)}`, data: measured[i],
          showLine: true, borderColor: c, backgroundColor: c, borderWidth: 1.25, pointRadius: 3, pointHoverRadius: 5,
          errorBars: true, order: 1,
        });
        let theory = [];
        for (const [, curve] of m.theory) {
          if (curve.lambda !== null && sameLambda(curve.lambda, l)) theory = curve.points;
        }
        if (!theory.length) {
          // No dense curve (e.g. not isotropic): the per-point closed form, where there is one.
          theory = [...m.risk.values()].filter((p) => sameLambda(p.lambda, l))
            .map((p) => point(p.ratio, p.theoryRisk, { logX: true, logY: true })).filter(Boolean).sort(byX);
        }
        if (theory.length) {
          specs.push({
            key: `t${l}`, group: `l${l}`, legend: false, label: `theory, λ = ${formatLambda(l)}`, data: theory,
            showLine: true, borderColor: c, backgroundColor: c, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0,
            pointHitRadius: 4, order: 2,
          });
        }
      });
      for (const [name, curve] of m.theory) {
        if (curve.lambda !== null) continue;
        specs.push({
          key: `c${name}`, group: `c${name}`, label: name === 'optimal' ? 'optimal λ (theory)' : name, data: curve.points,
          showLine: true, borderColor: DARK, backgroundColor: DARK, borderDash: [2, 3], borderWidth: 2, pointRadius: 0,
          pointStyle: 'line', pointHitRadius: 4, order: 3,
        });
      }
      setFilled(charts.risk.canvas, syncDatasets(charts.risk, specs));
      charts.risk.update('none');
    },
    biasvar() {
      const bias = perLambda((p) => p.bias2);
      const variance = perLambda((p) => p.variance);
      const specs = [];
      m.lambdas.forEach((l, i) => {
        const c = colour(i);
        specs.push({ key: `b${l}`, group: `l${l}`, label: `λ = ${formatLambda(l)}`, data: bias[i], showLine: true,
          borderColor: c, backgroundColor: c, borderWidth: 1.5, pointRadius: 2.5 });
        specs.push({ key: `v${l}`, group: `l${l}`, legend: false, label: `variance, λ = ${formatLambda(l)}`, data: variance[i],
          showLine: true, borderColor: c, backgroundColor: c, borderDash: [5, 3], borderWidth: 1.5, pointRadius: 2.5,
          pointStyle: 'triangle' });
      });
      setFilled(charts.biasvar.canvas, syncDatasets(charts.biasvar, specs));
      charts.biasvar.update('none');
    },
    norm() {
      const norms = perLambda((p) => p.solutionNorm, (p) => p.solutionNormSem);
      const specs = m.lambdas.map((l, i) => ({
        key: `n${l}`, group: `l${l}`, label: `λ = ${formatLambda(l)}`, data: norms[i], showLine: true,
        borderColor: colour(i), backgroundColor: colour(i), borderWidth: 1.25, pointRadius: 2.5, errorBars: true,
      }));
      setFilled(charts.norm.canvas, syncDatasets(charts.norm, specs));
      charts.norm.update('none');
    },
    heat() {
      const cells = [...m.risk.values()].map((p) => ({ x: p.ratio, y: p.lambda, z: p.testRisk }));
      setFilled(heatCanvas, heat.set(cells));
    },
    lcurve() {
      const line = m.lcurve.map((p) => point(p.residualNorm, p.solutionNorm, { logX: true, logY: true }, { lambda: p.lambda }))
        .filter(Boolean).sort((a, b) => a.lambda - b.lambda);
      const specs = [{ key: 'curve', label: 'L-curve (one point per λ)', data: line, showLine: true, borderColor: '#52606d',
        backgroundColor: '#52606d', borderWidth: 1.25, pointRadius: 1.5, order: 2 }];
      for (const [kind, mark] of m.marks) {
        const style = MARKS[kind] || { label: kind, colour: DARK, style: 'circle' };
        const p = point(mark.residualNorm, mark.solutionNorm, { logX: true, logY: true }, { lambda: mark.lambda });
        specs.push({ key: `mark-${kind}`, label: `${style.label}: λ = ${formatLambda(mark.lambda)}`, data: p ? [p] : [],
          showLine: false, borderColor: style.colour, backgroundColor: withAlpha(style.colour, 0.85), pointStyle: style.style,
          pointRadius: 7, pointHoverRadius: 9, borderWidth: 1.5, order: 1 });
      }
      setFilled(charts.lcurve.canvas, syncDatasets(charts.lcurve, specs));
      charts.lcurve.update('none');
    },
    spectrum() {
      const sigmas = m.spectrum.map((p) => p.sigma).filter((s) => Number.isFinite(s) && s >= 0);
      const mp = m.mp.map((p) => point(p.x, p.density)).filter(Boolean).sort(byX);
      const specs = [];
      let filled = 0;
      if (sigmas.length) {
        const top = Math.max(...sigmas, ...mp.map((p) => p.x)) * 1.02 || 1;
        const bins = Math.min(40, Math.max(8, Math.round(Math.sqrt(sigmas.length) * 1.5)));
        const width = top / bins;
        const counts = new Array(bins).fill(0);
        for (const s of sigmas) counts[Math.min(bins - 1, Math.floor(s / width))] += 1;
        const hist = counts.map((c, i) => ({ x: i * width, y: c }));
        hist.push({ x: top, y: 0 });
        specs.push({ key: 'hist', label: `singular values (${sigmas.length})`, data: hist, showLine: true, stepped: 'after',
          fill: 'origin', borderColor: '#0072B2', backgroundColor: withAlpha('#0072B2', 0.25), borderWidth: 1.25,
          pointRadius: 0, pointHitRadius: 6, pointStyle: 'rect', yAxisID: 'y' });
        // The density on the right axis is scaled so that it traces the histogram: count ≈ density × n × width.
        const maxCount = Math.max(...counts);
        const maxDensity = mp.length ? Math.max(...mp.map((p) => p.y)) : 0;
        const yMax = Math.max(maxCount, maxDensity * sigmas.length * width) * 1.1;
        charts.spectrum.options.scales.y.max = yMax;
        charts.spectrum.options.scales.y.min = 0;
        charts.spectrum.options.scales.y2.max = yMax / (sigmas.length * width);
        charts.spectrum.options.scales.y2.min = 0;
        filled += sigmas.length;
      }
      charts.spectrum.options.scales.y2.display = mp.length > 0;
      if (mp.length) {
        specs.push({ key: 'mp', label: 'Marchenko–Pastur density (right axis)', data: mp, showLine: true, borderColor: '#D55E00',
          backgroundColor: '#D55E00', borderWidth: 2, pointRadius: 0, pointStyle: 'line', yAxisID: 'y2' });
      }
      syncDatasets(charts.spectrum, specs);
      setFilled(charts.spectrum.canvas, filled);
      charts.spectrum.update('none');
    },
    picard() {
      const sorted = [...m.picard].sort((a, b) => a.index - b.index);
      const series = (key, label, c, f, extra) => ({
        key, label, data: sorted.map((p) => point(p.index, f(p), { logY: true })).filter(Boolean),
        borderColor: c, backgroundColor: c, ...extra,
      });
      const specs = [
        series('sigma', 'σᵢ (feature units)', '#1f2933', (p) => p.sigma, { showLine: true, borderWidth: 2, pointRadius: 0, pointStyle: 'line' }),
        series('coef', '|uᵢᵀy| (target units)', '#0072B2', (p) => p.coefficient, { showLine: false, pointRadius: 2, pointStyle: 'circle' }),
        series('ratio', '|uᵢᵀy| / σᵢ (target / feature units)', '#D55E00', (p) => p.ratio, { showLine: false, pointRadius: 2, pointStyle: 'crossRot', borderWidth: 1.5 }),
      ];
      setFilled(charts.picard.canvas, syncDatasets(charts.picard, specs));
      charts.picard.update('none');
    },
    tsvd() {
      const sorted = [...m.tsvd].sort((a, b) => a.k - b.k);
      const specs = [
        { key: 'risk', label: 'test risk (left axis)', data: sorted.map((p) => point(p.k, p.testRisk, { logY: true })).filter(Boolean),
          showLine: true, borderColor: '#0072B2', backgroundColor: '#0072B2', borderWidth: 1.5, pointRadius: 2, yAxisID: 'y' },
        { key: 'norm', label: '‖ŵ_k‖₂ (right axis)', data: sorted.map((p) => point(p.k, p.solutionNorm, { logY: true })).filter(Boolean),
          showLine: true, borderColor: '#D55E00', backgroundColor: '#D55E00', borderDash: [5, 3], borderWidth: 1.5, pointRadius: 0,
          pointStyle: 'line', yAxisID: 'y2' },
      ];
      setFilled(charts.tsvd.canvas, syncDatasets(charts.tsvd, specs));
      charts.tsvd.update('none');
    },
    classify() {
      const pts = [...m.classify.values()];
      const pct = (v) => (Number.isFinite(v) ? (v <= 1 ? v * 100 : v) : null);
      const series = (key, label, c, f, style) => ({
        key, label, data: pts.map((p) => point(p.ratio, pct(f(p)), { logX: true }, { n: p.instances })).filter(Boolean).sort(byX),
        showLine: true, borderColor: c, backgroundColor: c, borderWidth: 1.5, pointRadius: 3, pointStyle: style,
      });
      const specs = [
        series('ridge', 'ridge classifier (least squares on ±1)', '#0072B2', (p) => p.ridgeAccuracy, 'circle'),
        series('logistic', 'logistic regression', '#D55E00', (p) => p.logisticAccuracy, 'rect'),
      ];
      setFilled(charts.classify.canvas, syncDatasets(charts.classify, specs));
      charts.classify.update('none');
    },
  };

  /** Axis wording that depends on the config: MNIST risk is a test MSE; λ's scaling. */
  function applyConfig(config) {
    m.config = config;
    for (const l of config.lambdas || []) lambdaIndex(l);
    const mnist = config.dataset === 'mnist';
    const riskAxis = mnist ? { title: 'test MSE', unit: 'label units²' } : { title: 'excess test risk ‖ŵ − w*‖²', unit: 'target units²' };
    setAxis(charts.risk, 'y', riskAxis);
    setAxis(charts.tsvd, 'y', { title: mnist ? 'test MSE' : 'test risk', unit: riskAxis.unit });
    heat.setAxis('z', mnist ? { title: 'test MSE', unit: 'label units²' } : { title: 'test risk', unit: 'target units²' });
    heat.setAxis('y', { unit: config.lambdaScaling === 'sum' ? 'sum-scaled, = sklearn alpha' : 'mean-scaled' });
  }

  function onPoint(series, v) {
    switch (series) {
      case 'focus':
        showFocus(v);
        break;
      case 'risk':
        lambdaIndex(v.lambda);
        m.risk.set(`${v.instances}|${v.lambda}`, v);
        view.mark(DRAW.risk); view.mark(DRAW.biasvar); view.mark(DRAW.norm); view.mark(DRAW.heat);
        break;
      case 'theory': {
        const name = v.curve || (v.lambda === null || v.lambda === undefined ? 'optimal' : `λ=${v.lambda}`);
        if (!m.theory.has(name)) m.theory.set(name, { lambda: v.lambda ?? null, points: [] });
        const p = point(v.ratio, v.risk, { logX: true, logY: true });
        if (p) m.theory.get(name).points.push(p);
        m.theory.get(name).points.sort(byX);
        view.mark(DRAW.risk);
        break;
      }
      case 'spectrum':
      case 'mp':
        if (Number.isFinite(v.density) || series === 'mp') m.mp.push(v); else m.spectrum.push(v);
        view.mark(DRAW.spectrum);
        break;
      case 'lcurve':
        m.lcurve.push(v);
        view.mark(DRAW.lcurve);
        break;
      case 'lcurveMark':
        m.marks.set(v.kind, v);
        view.mark(DRAW.lcurve);
        break;
      case 'picard':
        m.picard.push(v);
        view.mark(DRAW.picard);
        break;
      case 'tsvd':
        m.tsvd.push(v);
        view.mark(DRAW.tsvd);
        break;
      case 'classify':
        m.classify.set(v.instances, v);
        view.mark(DRAW.classify);
        break;
      default:
        break; // a series this view does not draw
    }
  }

  view = mountView(root, { reset, draws: DRAW, configure: applyConfig, point: onPoint, unfed });
  return view;
}
