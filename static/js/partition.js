// The partition lab view: the run's streamed series (see cheaplab.lab.partition.PartitionLab) as charts.
//   analysis {kappa, states, logZ, logZTilde, logZJoint, logZJointMinusLogZ, klForward, klReverse, traceDeviation,
//             logTraceDeviation, primeMarginalError, kernelSpread}        → the readouts (config κ)
//   states   {rank, state, spins, magnetization, energy, kernelShape, kernel, p, pTilde, logP, logPTilde, logTrace}
//                                                                          → the distributions, the trace per state
//   sweep    {kappa, logZ, logZTilde, logZJoint, logZJointMinusLogZ, klForward, klReverse, traceDeviation, …}
//                                                                          → KL(κ), ln Z(κ), ln Z_joint − ln Z, trace deviation(κ)
// The κ slider steps through the sweep. Its readouts are the server's enumeration at that κ; the per-state charts
// are recomputed here from each state's H(y) and k(y), exactly (every kernel is K = κ·k), with log-sum-exp.

import {
  createChart, formatNumber, point, setFilled, syncDatasets, withAlpha,
} from './charts.js';
import { mountView } from './view-base.js';

const P = '#0072B2';
const P_TILDE = '#D55E00';
const INK = '#1f2933';
const JOINT = '#009E73';
const TILDE = '#CC79A7';
const TRACE = '#009E73';

/** log Σ exp(x), the largest term taken out first. */
export function logSumExp(xs) {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/**
 * The tilted distribution at κ from the states' energies H and kernel shapes k (K = κ·k):
 * ln p̃ = −H − κk − ln Z̃, and ln Tr_{y′} e^{T(y,y′)} = −κk(y) + ln Z − ln Z̃, in the states' order.
 */
export function tilt(states, kappa) {
  const logZ = logSumExp(states.map((s) => -s.energy));
  const a = states.map((s) => -s.energy - kappa * s.kernelShape);
  const logZTilde = logSumExp(a);
  return {
    logZ,
    logZTilde,
    logPTilde: a.map((v) => v - logZTilde),
    logTrace: states.map((s) => -kappa * s.kernelShape + logZ - logZTilde),
  };
}

/** KL(a ‖ b) from log-probabilities, as Σ a (d − 1 + e^{−d}) (every term ≥ 0, the same sum when normalised). */
export function kl(logA, logB) {
  let s = 0;
  for (let i = 0; i < logA.length; i++) {
    const d = logA[i] - logB[i];
    const a = Math.exp(logA[i]);
    s += Math.abs(d) < 1 ? a * (d + Math.expm1(-d)) : a * d - a + Math.exp(logB[i]);
  }
  return s;
}

/** κ for labels: up to 4 significant digits, a real minus sign. */
export function kappaText(k) {
  if (!Number.isFinite(k)) return '–';
  return String(Number(k.toPrecision(4))).replace('-', '−');
}

function nats(v, digits = 4) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  return (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(digits) : formatNumber(v)).replace('-', '−');
}

/** A divergence in nats; below 1e-14 it is zero up to rounding and says so. */
function klText(v) {
  if (typeof v === 'number' && v >= 0 && v < 1e-14) return v === 0 ? '0' : '0 (to rounding)';
  return nats(v);
}

export function createView(root) {
  let m = null; // the view's model of what arrived (reset by mountView before the first event)
  let view;
  const canvas = (id) => root.querySelector(`#${id}`);
  const stateTip = (raw, ds) => `${ds.label}: ${formatNumber(raw.y)} · state ${raw.spins} (rank ${raw.x}, Σy = ${raw.m}, H = ${nats(raw.h, 3)})`;
  const charts = {
    states: createChart(canvas('chart-states'), {
      tooltip: stateTip,
      summary: () => (m && m.states.length
        ? `p and p̃ over ${m.states.length} states at κ = ${kappaText(m.kappa)}, ranked by p; largest p ${formatNumber(m.states[0].p)}.`
        : 'No states yet.'),
    }),
    kl: createChart(canvas('chart-kl'), {
      tooltip: (raw, ds) => `${ds.label}: ${nats(raw.y)} nats at κ = ${kappaText(raw.x)}`,
      summary: () => {
        const s = m ? sweepList() : [];
        return s.length ? `KL(p‖p̃) from ${klText(s[0].klForward)} to ${klText(s[s.length - 1].klForward)} nats over κ from ${kappaText(s[0].kappa)} to ${kappaText(s[s.length - 1].kappa)}.` : 'No sweep yet.';
      },
    }),
    logz: createChart(canvas('chart-logz'), {
      tooltip: (raw, ds) => `${ds.label} = ${nats(raw.y, 6)} at κ = ${kappaText(raw.x)}`,
      summary: () => {
        const s = m ? sweepList() : [];
        return s.length ? `ln Z and ln Z_joint are ${nats(s[0].logZ)} at all ${s.length} κ values; ln Z̃ changes from ${nats(s[0].logZTilde)} to ${nats(s[s.length - 1].logZTilde)}.` : 'No sweep yet.';
      },
    }),
    trace: createChart(canvas('chart-trace'), {
      tooltip: (raw, ds) => (raw.spins ? `Tr e^T = ${formatNumber(raw.y)} · state ${raw.spins} (rank ${raw.x})` : ds.label),
      summary: () => (m && m.states.length ? `Trace of e^T per state at κ = ${kappaText(m.kappa)}; 1 is the RG condition.` : 'No states yet.'),
    }),
    zDifference: createChart(canvas('chart-z-difference'), {
      legend: false,
      tooltip: (raw) => `ln Z_joint − ln Z = ${formatNumber(raw.y)} nats at κ = ${kappaText(raw.x)}`,
      summary: () => {
        if (!m || !m.sweep.size) return 'No sweep yet.';
        const worst = sweepList().reduce((w, v) => Math.max(w, Math.abs(v.logZJoint - v.logZ)), 0);
        return `ln Z_joint − ln Z stays within ${worst === 0 ? '0' : formatNumber(worst)} nats of 0 at all ${m.sweep.size} κ values.`;
      },
    }),
    traceDeviation: createChart(canvas('chart-trace-deviation'), {
      legend: false,
      tooltip: (raw) => `max |Tr e^T − 1| = ${formatNumber(raw.y)} at κ = ${kappaText(raw.x)}`,
      summary: () => {
        if (!m || !m.sweep.size) return 'No sweep yet.';
        const s = sweepList();
        const shown = s.filter((v) => v.traceDeviation > 1e-12);
        return `Largest deviation of the trace from 1 at ${shown.length} of ${s.length} κ values (the others are below 10⁻¹², rounding)`
          + (shown.length ? `, from ${formatNumber(shown[0].traceDeviation)} to ${formatNumber(shown[shown.length - 1].traceDeviation)}.` : '.');
      },
    }),
  };
  const slider = root.querySelector('[data-kappa-slider]');
  const kappaLabel = root.querySelector('[data-kappa-label]');

  function reset() {
    m = { config: null, analysis: null, states: [], sweep: new Map(), kappa: null, touched: false, tilted: null };
  }

  function sweepList() {
    return [...m.sweep.values()].sort((a, b) => a.kappa - b.kappa);
  }

  /** The three sweep charts share one κ axis, the sweep's whole range (so a point left out does not shift it). */
  function kappaAxis(chart, s) {
    const x = chart.options.scales.x;
    if (s.length >= 2) { x.min = s[0].kappa; x.max = s[s.length - 1].kappa; } else { delete x.min; delete x.max; }
  }

  /** The per-state numbers at the slider's κ: streamed at the config's κ, recomputed elsewhere (cached). */
  function current() {
    if (!m.states.length || m.kappa === null) return null;
    if (m.tilted && m.tilted.kappa === m.kappa && m.tilted.count === m.states.length) return m.tilted;
    const streamed = m.config && m.kappa === m.config.kappa;
    const t = streamed ? {
      logPTilde: m.states.map((s) => s.logPTilde), logTrace: m.states.map((s) => s.logTrace),
    } : tilt(m.states, m.kappa);
    m.tilted = { ...t, kappa: m.kappa, count: m.states.length, streamed };
    return m.tilted;
  }

  /** The server's figures at the slider's κ (its sweep point; the analysis point before that arrives). */
  function figures() {
    if (m.kappa === null) return null;
    const s = m.sweep.get(m.kappa);
    if (s) return s;
    if (m.analysis && m.analysis.kappa === m.kappa) return m.analysis;
    return null;
  }

  const line = (colour, extra = {}) => ({
    showLine: true, borderColor: colour, backgroundColor: colour, borderWidth: 1.75, pointRadius: 2.5, pointHoverRadius: 5, clip: 8, ...extra,
  });
  const ring = (colour) => ({
    showLine: false, borderColor: colour, backgroundColor: 'rgba(0, 0, 0, 0)', pointBorderColor: colour, pointBorderWidth: 2,
    pointRadius: 8, pointHoverRadius: 9, pointStyle: 'circle', order: -1, clip: 12,
  });

  const DRAW = {
    states() {
      const t = current();
      const n = m.states.length;
      const big = n > 256;
      const meta = (s) => ({ spins: s.spins, m: s.magnetization, h: s.energy });
      const bars = m.states.map((s) => point(s.rank, s.p, { logY: true }, meta(s))).filter(Boolean);
      const tilted = t ? m.states.map((s, i) => point(s.rank, Math.exp(t.logPTilde[i]), { logY: true }, meta(s))).filter(Boolean) : [];
      const specs = [
        { key: 'p', type: 'bar', label: 'p(y) = e^−H / Z', data: bars, backgroundColor: withAlpha(P, 0.55), borderColor: P,
          borderWidth: big ? 0 : 1, barPercentage: 1, categoryPercentage: 1, grouped: false, order: 2 },
        { key: 'pTilde', label: `p̃(y), the joint’s marginal, at κ = ${kappaText(m.kappa)}`, data: tilted, showLine: false,
          pointStyle: 'rectRot', pointRadius: big ? 2 : n > 64 ? 3 : 5, pointHoverRadius: 6, borderColor: P_TILDE,
          backgroundColor: withAlpha(P_TILDE, 0.35), pointBorderWidth: 1.25, order: 1 },
      ];
      const x = charts.states.options.scales.x;
      if (n) { x.min = 0.5; x.max = n + 0.5; } else { delete x.min; delete x.max; }
      syncDatasets(charts.states, specs, 10000);
      setFilled(charts.states.canvas, bars.length + tilted.length);
      charts.states.update('none');
    },
    trace() {
      const t = current();
      const n = m.states.length;
      const data = t ? m.states.map((s, i) => point(s.rank, Math.exp(t.logTrace[i]), { logY: true }, { spins: s.spins })).filter(Boolean) : [];
      const specs = [
        { key: 'trace', label: `Tr_y′ e^T(y,y′) at κ = ${kappaText(m.kappa)}`, data, ...line(TRACE, { showLine: false, pointStyle: 'triangle', pointRadius: n > 256 ? 2 : 3.5 }) },
      ];
      if (n) specs.push({ key: 'one', label: 'condition: 1', data: [{ x: 1, y: 1 }, { x: n, y: 1 }], ...line(INK, { borderDash: [6, 4], pointRadius: 0, borderWidth: 1.25 }) });
      const x = charts.trace.options.scales.x;
      if (n) { x.min = 0.5; x.max = n + 0.5; } else { delete x.min; delete x.max; }
      // Around 1 the axis shows at least a factor 10 each way, so "exactly 1" does not fill the plot with rounding.
      const y = charts.trace.options.scales.y;
      y.suggestedMin = 0.1;
      y.suggestedMax = 10;
      syncDatasets(charts.trace, specs);
      setFilled(charts.trace.canvas, data.length);
      charts.trace.update('none');
    },
    kl() {
      const s = sweepList();
      const at = figures();
      const specs = [
        { key: 'forward', label: 'KL(p ‖ p̃)', data: s.map((v) => point(v.kappa, v.klForward)).filter(Boolean), ...line(P) },
        { key: 'reverse', label: 'KL(p̃ ‖ p)', data: s.map((v) => point(v.kappa, v.klReverse)).filter(Boolean),
          ...line(P_TILDE, { borderDash: [6, 3], pointStyle: 'triangle', pointRadius: 3.5 }) },
      ];
      if (at && s.length) {
        specs.push({ key: 'at', label: `slider κ = ${kappaText(m.kappa)}`, data: [point(m.kappa, at.klForward), point(m.kappa, at.klReverse)].filter(Boolean), ...ring(INK) });
      }
      setFilled(charts.kl.canvas, specs[0].data.length + specs[1].data.length);
      kappaAxis(charts.kl, s);
      syncDatasets(charts.kl, specs);
      charts.kl.update('none');
    },
    logz() {
      const s = sweepList();
      const at = figures();
      const specs = [
        { key: 'z', label: 'ln Z (H alone, 2ⁿ states)', data: s.map((v) => point(v.kappa, v.logZ)).filter(Boolean), ...line(INK, { pointRadius: 0, borderWidth: 2 }) },
        { key: 'joint', label: 'ln Z_joint (4ⁿ pairs)', data: s.map((v) => point(v.kappa, v.logZJoint)).filter(Boolean),
          showLine: false, pointStyle: 'circle', pointRadius: 5, pointHoverRadius: 7, borderColor: JOINT,
          backgroundColor: 'rgba(0, 0, 0, 0)', pointBorderWidth: 2, order: -1 },
        { key: 'tilde', label: 'ln Z̃', data: s.map((v) => point(v.kappa, v.logZTilde)).filter(Boolean),
          ...line(TILDE, { borderDash: [6, 3], pointStyle: 'rect', pointRadius: 3 }) },
      ];
      if (at && s.length) specs.push({ key: 'at', label: `slider κ = ${kappaText(m.kappa)}`, data: [point(m.kappa, at.logZJoint), point(m.kappa, at.logZTilde)].filter(Boolean), ...ring(INK) });
      setFilled(charts.logz.canvas, specs[0].data.length + specs[1].data.length + specs[2].data.length);
      kappaAxis(charts.logz, s);
      syncDatasets(charts.logz, specs);
      charts.logz.update('none');
      const worst = s.reduce((w, v) => Math.max(w, Math.abs(v.logZJoint - v.logZ)), 0);
      readout('logz', s.length ? `|ln Z_joint − ln Z| ≤ ${worst === 0 ? '0' : formatNumber(worst)} over all ${s.length} κ values (nats).` : '');
    },
    zDifference() {
      const s = sweepList();
      const data = s.map((v) => point(v.kappa, v.logZJoint - v.logZ)).filter(Boolean);
      const specs = [{ key: 'difference', label: 'ln Z_joint − ln Z', data, ...line(JOINT, { pointRadius: 3 }) }];
      const at = figures();
      if (at && s.length) specs.push({ key: 'at', label: 'slider κ', data: [point(m.kappa, at.logZJoint - at.logZ)].filter(Boolean), ...ring(INK) });
      setFilled(charts.zDifference.canvas, data.length);
      kappaAxis(charts.zDifference, s);
      syncDatasets(charts.zDifference, specs);
      charts.zDifference.update('none');
    },
    traceDeviation() {
      const s = sweepList();
      // Below 1e-12 the deviation is rounding (κ = 0, a constant K): left out of the log axis, said in the caption.
      const data = s.filter((v) => v.traceDeviation > 1e-12).map((v) => point(v.kappa, v.traceDeviation, { logY: true })).filter(Boolean);
      const specs = [{ key: 'dev', label: 'max |Tr e^T − 1|', data, ...line(TILDE, { pointStyle: 'rect', pointRadius: 3 }) }];
      const at = figures();
      if (at && Number.isFinite(at.traceDeviation) && at.traceDeviation > 1e-12) specs.push({ key: 'at', label: 'slider κ', data: [point(m.kappa, at.traceDeviation)], ...ring(INK) });
      setFilled(charts.traceDeviation.canvas, data.length);
      kappaAxis(charts.traceDeviation, s);
      syncDatasets(charts.traceDeviation, specs);
      charts.traceDeviation.update('none');
    },
    slider() {
      const s = sweepList();
      const i = s.findIndex((v) => v.kappa === m.kappa);
      slider.max = String(Math.max(0, s.length - 1));
      if (i >= 0) slider.value = String(i);
      slider.disabled = s.length < 2;
      kappaLabel.textContent = m.kappa === null ? '–' : `= ${kappaText(m.kappa)}`;
      slider.setAttribute('aria-valuetext', m.kappa === null ? 'no sweep yet' : `kappa ${kappaText(m.kappa)}`);
      root.dataset.kappa = m.kappa === null ? '' : String(m.kappa);
      const f = figures();
      readout('kappa', f ? [
        `κ = ${kappaText(m.kappa)}`,
        `ln Z = ${nats(f.logZ, 6)}, ln Z_joint = ${nats(f.logZJoint, 6)} (difference ${f.logZJoint === f.logZ ? '0' : formatNumber(f.logZJoint - f.logZ).replace('-', '−')})`,
        `ln Z̃ = ${nats(f.logZTilde, 6)}`,
        `KL(p‖p̃) = ${klText(f.klForward)} nats, KL(p̃‖p) = ${klText(f.klReverse)} nats`,
        `max |Tr e^T − 1| = ${formatNumber(f.traceDeviation)}`,
      ].join(' · ') : '');
      const a = m.analysis;
      readout('checks', a ? `${a.states.toLocaleString('en')} states, ${(a.states * a.states).toLocaleString('en')} pairs per κ`
        + ` · the joint’s marginal on y′ is p to ${a.primeMarginalError === 0 ? '0' : formatNumber(a.primeMarginalError)}`
        + ` · K spread (max − min) at κ = ${kappaText(a.kappa)}: ${formatNumber(a.kernelSpread)}${a.kernelSpread === 0 ? ' (constant: p̃ = p)' : ''}` : '');
    },
  };

  function readout(name, text) {
    view.readout(name, text);
  }

  function applyConfig(config) {
    m.config = config;
    if (!m.touched) m.kappa = config.kappa;
    m.tilted = null;
  }

  function onPoint(series, v) {
    switch (series) {
      case 'analysis':
        m.analysis = v;
        if (m.kappa === null) m.kappa = v.kappa;
        return ['slider', 'kl', 'logz', 'zDifference', 'traceDeviation'];
      case 'states':
        m.states[v.rank - 1] = v;
        m.tilted = null;
        return ['states', 'trace'];
      case 'sweep':
        m.sweep.set(v.kappa, v);
        return Object.keys(DRAW);
      default:
        return undefined; // a series this view does not draw
    }
  }

  /** Moves the slider's κ to sweep point i; the form's κ follows, so Run and the permalink use it. */
  function select(i) {
    const s = sweepList();
    if (!s[i]) return;
    m.kappa = s[i].kappa;
    m.touched = true;
    const field = root.querySelector('form [name="kappa"]');
    if (field && Number(field.value) !== m.kappa) {
      field.value = String(m.kappa);
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
    for (const draw of Object.values(DRAW)) view.mark(draw);
  }
  slider.addEventListener('input', () => select(Number(slider.value)));

  view = mountView(root, { reset, draws: DRAW, configure: applyConfig, point: onPoint });
  /** The view's model (tests and the console). */
  view.model = () => m;
  return view;
}
