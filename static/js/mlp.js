// The MLP lab view: turns the run's streamed series (see cheaplab.lab.mlp.MlpLab) into charts.
//   loss           {update, epoch, loss}                                   → training loss (log)
//   epoch          {epoch, trainLoss, trainError, validationError, testError, learningRate, seconds, …}
//                                                                          → errors (log, %), learning rate (log)
//   layers         {epoch, layer, gradientNorm, updateRatio}              → two layers × epochs heat maps
//   confusion      {epoch, counts}                                        → the 10 × 10 table
//   misclassified  {epoch, errors, labels, …tile payload}                 → the gallery
//   distortions    {epoch, …tile payload}                                 → the augmentation preview
// Before a run the preview (mlp-preview.js, loaded by the page itself) distorts stored digits in the browser.

import { byX, createChart, formatNumber, point, setFilled, syncDatasets } from './charts.js';
import { createHeatmap } from './heatmap.js';
import { drawTiles } from './tiles.js';
import { mountView } from './view-base.js';
import { previewOf } from './mlp-preview.js';

const TRAIN = '#0072B2';
const VALID = '#D55E00';
const TEST = '#009E73';
const LOSS = '#CC79A7';
const LR = '#E69F00';

const pct = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : '–');

export function createView(root) {
  const canvas = (id) => root.querySelector(`#${id}`);
  let m = { epochs: [] }; // the view's model (reset() replaces it); declared before the charts' summaries use it
  const epochs = (n) => `${n} epoch${n === 1 ? '' : 's'}`;
  const charts = {
    errors: createChart(canvas('chart-errors'), {
      tooltip: (raw, ds) => `${ds.label}: ${raw.y.toFixed(2)}% after epoch ${raw.x}`,
      summary: () => {
        const last = m.epochs[m.epochs.length - 1];
        return last ? `After ${epochs(last.epoch)}: training ${pct(last.trainError)}, validation ${pct(last.validationError)}, test ${pct(last.testError)} error.`
          : 'No epoch finished yet.';
      },
    }),
    loss: createChart(canvas('chart-loss'), {
      legend: false,
      tooltip: (raw) => `loss ${formatNumber(raw.y)} nats at epoch ${raw.x.toFixed(2)} (update ${raw.update})`,
    }),
    lr: createChart(canvas('chart-lr'), {
      legend: false,
      tooltip: (raw) => `η = ${formatNumber(raw.y)} in epoch ${raw.x}`,
    }),
  };
  const layerLabel = (v) => String(v);
  const grad = createHeatmap(canvas('chart-grad'), { formatY: layerLabel, mark: NaN });
  const ratio = createHeatmap(canvas('chart-ratio'), { formatY: layerLabel, mark: NaN });
  const preview = previewOf(root);
  const galleryCanvas = canvas('tiles-misclassified');
  const table = root.querySelector('[data-confusion]');
  let view;

  function reset() {
    m = { config: null, loss: [], epochs: [], layers: new Map(), confusion: null, gallery: null, distortions: null };
  }

  const line = (colour, extra = {}) => ({
    showLine: true, borderColor: colour, backgroundColor: colour, borderWidth: 1.75, pointRadius: 2.5, pointHoverRadius: 4, ...extra,
  });

  function epochSeries(key, scale = 1) {
    return m.epochs.map((p) => point(p.epoch, Number.isFinite(p[key]) ? p[key] * scale : null, { logY: true })).filter(Boolean).sort(byX);
  }

  const DRAW = {
    errors() {
      const specs = [
        { key: 'train', label: 'training (undistorted)', data: epochSeries('trainError', 100), ...line(TRAIN) },
        { key: 'validation', label: 'validation', data: epochSeries('validationError', 100), ...line(VALID, { borderDash: [6, 3], pointStyle: 'rect' }) },
        { key: 'test', label: 'test', data: epochSeries('testError', 100), ...line(TEST, { borderDash: [2, 2], pointStyle: 'triangle' }) },
      ];
      setFilled(charts.errors.canvas, syncDatasets(charts.errors, specs));
      charts.errors.update('none');
      const last = m.epochs[m.epochs.length - 1];
      if (last) {
        const best = m.epochs.reduce((a, b) => (b.validationError < a.validationError ? b : a));
        view.readout('errors', `Epoch ${last.epoch}: test ${pct(last.testError)}, validation ${pct(last.validationError)}`
          + ` (best ${pct(best.validationError)} at epoch ${best.epoch}), training ${pct(last.trainError)}; ${formatNumber(last.seconds)} s`
          + (Number.isFinite(last.augmentImagesPerSecond) ? `; augmentation ${formatNumber(last.augmentImagesPerSecond)} images/s for `
            + `${formatNumber(last.trainImagesPerSecond)} trained/s, trainer waited ${formatNumber(last.augmentWaitSeconds)} s` : '') + '.');
      }
    },
    loss() {
      const data = m.loss.map((p) => point(p.epoch, p.loss, { logY: true }, { update: p.update })).filter(Boolean);
      const specs = [{ key: 'loss', label: 'training loss', data, ...line(LOSS, { pointRadius: 0, borderWidth: 1.25 }) }];
      setFilled(charts.loss.canvas, syncDatasets(charts.loss, specs));
      charts.loss.update('none');
    },
    lr() {
      const specs = [{ key: 'lr', label: 'learning rate', data: epochSeries('learningRate'), ...line(LR, { pointStyle: 'rectRot' }) }];
      setFilled(charts.lr.canvas, syncDatasets(charts.lr, specs));
      charts.lr.update('none');
    },
    heat() {
      const g = []; const r = [];
      for (const p of m.layers.values()) {
        g.push({ x: p.epoch, y: p.layer, z: p.gradientNorm });
        r.push({ x: p.epoch, y: p.layer, z: p.updateRatio });
      }
      canvas('chart-grad').closest('.chart-box').toggleAttribute('data-empty', grad.set(g) === 0);
      canvas('chart-ratio').closest('.chart-box').toggleAttribute('data-empty', ratio.set(r) === 0);
    },
    confusion() {
      const c = m.confusion;
      const box = table.closest('.confusion-box');
      box.toggleAttribute('data-empty', !c);
      table.replaceChildren();
      if (!c) return;
      const counts = c.counts.split(',').map(Number);
      let max = 1;
      counts.forEach((v, i) => { if (i % 11 !== 0) max = Math.max(max, v); });
      const head = table.insertRow();
      const corner = document.createElement('th');
      corner.textContent = 'true \\ answer';
      corner.scope = 'col';
      head.appendChild(corner);
      for (let j = 0; j < 10; j++) {
        const th = document.createElement('th'); th.scope = 'col'; th.textContent = String(j); head.appendChild(th);
      }
      for (let i = 0; i < 10; i++) {
        const row = table.insertRow();
        const th = document.createElement('th'); th.scope = 'row'; th.textContent = String(i); row.appendChild(th);
        for (let j = 0; j < 10; j++) {
          const v = counts[i * 10 + j];
          const td = row.insertCell();
          td.textContent = String(v);
          if (i === j) td.className = 'diag';
          else if (v > 0) {
            const t = Math.sqrt(v / max);
            td.style.background = `rgba(213, 94, 0, ${(0.12 + 0.6 * t).toFixed(2)})`;
            if (t > 0.6) td.className = 'strong';
          }
        }
      }
      root.querySelector('[data-confusion-note]').textContent = `· after epoch ${c.epoch}`;
    },
    gallery() {
      const g = m.gallery;
      let drawn = 0;
      try { drawn = drawTiles(galleryCanvas, g); } catch (e) { console.error('cannot draw the gallery', e); }
      galleryCanvas.dataset.drawn = String(drawn);
      galleryCanvas.closest('.tiles-box').toggleAttribute('data-empty', drawn === 0 && !g);
      root.querySelector('[data-gallery-note]').textContent = g ? `· after epoch ${g.epoch}` : '';
      if (g) {
        const labels = g.labels ? g.labels.split(',').map((s) => s.replace('>', ' → ')) : [];
        view.readout('gallery', g.count
          ? `${g.errors} of the test digits wrong; shown (true → answer, left to right, row by row): ${labels.join(', ')}.`
          : 'No test digit is misclassified.');
      }
    },
    preview() {
      // The digits trained on this epoch; before a run (or after "Draw again") mlp-preview.js draws its own.
      if (m.distortions) preview.showRun(m.distortions);
    },
  };

  function configure(config) {
    m.config = config;
    for (const chart of [charts.errors, charts.lr]) {
      chart.options.scales.x.min = 0;
      chart.options.scales.x.max = Math.max(1, config.epochs);
    }
    charts.loss.options.scales.x.min = 0;
    charts.loss.options.scales.x.max = Math.max(1, config.epochs);
  }

  function onPoint(series, v) {
    switch (series) {
      case 'loss': m.loss.push(v); return 'loss';
      case 'epoch': m.epochs.push(v); m.epochs.sort((a, b) => a.epoch - b.epoch); return ['errors', 'lr'];
      case 'layers': m.layers.set(`${v.epoch}|${v.layer}`, v); return 'heat';
      case 'confusion': m.confusion = v; return 'confusion';
      case 'misclassified': m.gallery = v; return 'gallery';
      case 'distortions': m.distortions = v; return 'preview';
      default: return undefined;
    }
  }

  let lastWidth = 0;
  new ResizeObserver((entries) => {
    const w = Math.round(entries[0].contentRect.width);
    if (w !== lastWidth) { lastWidth = w; view.mark(DRAW.gallery); view.mark(DRAW.heat); }
  }).observe(root.querySelector('[data-charts]'));

  view = mountView(root, { reset, draws: DRAW, configure, point: onPoint });
  return view;
}
