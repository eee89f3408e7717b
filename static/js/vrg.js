// The vrg lab view: the run's streamed series (see cheaplab.lab.vrg.VrgLab) as tile grids and charts.
//   samples          {lattice, temperature, meanAbsMagnetization, onsagerMagnetization, …ImageTiles}
//   train            {stack, layer, epoch, position, freeEnergy, reconstructionError}  → free energy, reconstruction
//   fields           {stack, layer, epoch, …ImageTiles}    → receptive fields of the selected layer (stack, control)
//   reconstructions  {layer, …ImageTiles}                  → samples above their reconstructions through the layer
//   locality         {layer, width, spread, spreadSem, controlSpread, controlSpreadSem, localityRatio,
//                     uniformSpread, blockSize, blockCorrelation, controlBlockCorrelation, magnetizationCorrelation, …}
//                                                          → spread per layer, block-spin correlations per layer
// A layer slider picks which layer's tiles are shown; it follows the layer in training until the user moves it.

import { byX, createChart, formatNumber, point, setFilled, syncDatasets } from './charts.js';
import { drawTiles } from './tiles.js';
import { mountView } from './view-base.js';

const STACK = '#0072B2';
const CONTROL = '#D55E00';
const UNIFORM = '#3e4c59';
const MAGNET = '#009E73';
const LAYER_COLOURS = ['#0072B2', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#882255'];
const TILES = ['fields', 'control', 'reconstructions'];

function fixed(v, digits = 3) {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–';
}

export function createView(root) {
  let m;
  let view;
  const canvas = (id) => root.querySelector(`#${id}`);
  const charts = {
    spread: createChart(canvas('chart-spread'), {
      summary: () => localityText(),
      tooltip: (raw, ds) => `${ds.label}: ${fixed(raw.y)}${Number.isFinite(raw.sem) ? ` ± ${fixed(raw.sem)}` : ''} at layer ${raw.x}`,
    }),
    blocks: createChart(canvas('chart-blocks'), {
      summary: () => blocksText(),
      tooltip: (raw, ds) => `${ds.label}: ${fixed(raw.y)} at layer ${raw.x}${raw.b ? ` (b = ${raw.b})` : ''}`,
    }),
    freeEnergy: createChart(canvas('chart-free-energy'), {
      tooltip: (raw, ds) => `${ds.label}: ${fixed(raw.y, 2)} nats, epoch ${raw.epoch}`,
    }),
    reconstruction: createChart(canvas('chart-reconstruction'), {
      tooltip: (raw, ds) => `${ds.label}: ${formatNumber(raw.y)}, epoch ${raw.epoch}`,
    }),
  };
  const tileCanvases = { fields: canvas('tiles-fields'), control: canvas('tiles-control'), reconstructions: canvas('tiles-reconstructions') };
  const slider = root.querySelector('[data-layer-slider]');
  const frameLabel = root.querySelector('[data-frame-label]');

  function reset() {
    m = { config: null, samples: null, train: [], fields: new Map(), control: new Map(), recon: new Map(),
      locality: new Map(), layer: 1, follow: true, maxLayer: 0 };
  }

  const line = (colour, extra = {}) => ({
    showLine: true, borderColor: colour, backgroundColor: colour, borderWidth: 1.75, pointRadius: 3, pointHoverRadius: 5, ...extra,
  });

  function localities() {
    return [...m.locality.values()].sort((a, b) => a.layer - b.layer);
  }

  function localityText() {
    const ls = m ? localities() : [];
    if (!ls.length) return null;
    return ls.map((l) => `layer ${l.layer} (${l.width} units): spread ${fixed(l.spread, 2)} ± ${fixed(l.spreadSem, 2)} vs control `
      + `${fixed(l.controlSpread, 2)}, ratio ${fixed(l.localityRatio)}`).join('; ') + '.';
  }

  function blocksText() {
    const ls = m ? localities() : [];
    if (!ls.length) return null;
    return ls.map((l) => `layer ${l.layer}: ${l.blockSize ? `block b = ${l.blockSize} ${fixed(l.blockCorrelation)} (control `
      + `${fixed(l.controlBlockCorrelation)}), ` : ''}max |corr(h, m)| ${fixed(l.magnetizationCorrelation)}`).join('; ') + '.';
  }

  function trainSpecs(key) {
    const specs = [];
    const layers = [...new Set(m.train.map((p) => p.layer))].sort((a, b) => a - b);
    for (const layer of layers) {
      for (const stack of ['lattice', 'control']) {
        const data = m.train.filter((p) => p.layer === layer && p.stack === stack)
          .map((p) => point(p.position, p[key], {}, { epoch: p.epoch })).filter(Boolean).sort(byX);
        if (!data.length) continue;
        const c = LAYER_COLOURS[(layer - 1) % LAYER_COLOURS.length];
        specs.push({ key: `${stack}-${layer}`, label: `layer ${layer}${stack === 'control' ? ' (control)' : ''}`, data,
          ...line(c, stack === 'control' ? { borderDash: [5, 3], pointStyle: 'triangle', pointRadius: 2 } : { pointStyle: 'circle', pointRadius: 2 }) });
      }
    }
    return specs;
  }

  const DRAW = {
    spread() {
      const ls = localities();
      const specs = [];
      if (ls.length) {
        specs.push({ key: 'stack', label: 'stack on the lattice', errorBars: true,
          data: ls.map((l) => point(l.layer, l.spread, {}, { sem: l.spreadSem, yMin: l.spread - l.spreadSem, yMax: l.spread + l.spreadSem })).filter(Boolean),
          ...line(STACK, { pointStyle: 'circle', pointRadius: 5 }) });
        specs.push({ key: 'control', label: 'shuffled-lattice control', errorBars: true,
          data: ls.map((l) => point(l.layer, l.controlSpread, {}, { sem: l.controlSpreadSem, yMin: l.controlSpread - l.controlSpreadSem, yMax: l.controlSpread + l.controlSpreadSem })).filter(Boolean),
          ...line(CONTROL, { pointStyle: 'triangle', pointRadius: 6, borderDash: [6, 3] }) });
        specs.push({ key: 'uniform', label: 'a field spread evenly', data: ls.map((l) => point(l.layer, l.uniformSpread)).filter(Boolean),
          ...line(UNIFORM, { pointStyle: 'line', pointRadius: 0, borderDash: [2, 3], borderWidth: 1.25 }) });
      }
      setFilled(charts.spread.canvas, syncDatasets(charts.spread, specs));
      charts.spread.update('none');
      view.readout('locality', ls.length ? `Spread ratio (stack / control): ${ls.map((l) => `layer ${l.layer} ${fixed(l.localityRatio)}`).join(', ')}.` : '');
    },
    blocks() {
      const ls = localities();
      const withB = ls.filter((l) => Number.isFinite(l.blockCorrelation));
      const specs = [];
      if (withB.length) {
        specs.push({ key: 'block', label: 'unit vs block magnetisation', data: withB.map((l) => point(l.layer, l.blockCorrelation, {}, { b: l.blockSize })).filter(Boolean),
          ...line(STACK, { pointStyle: 'circle', pointRadius: 5 }) });
        specs.push({ key: 'blockControl', label: 'control (shuffled sites)', data: withB.map((l) => point(l.layer, l.controlBlockCorrelation, {}, { b: l.blockSize })).filter(Boolean),
          ...line(CONTROL, { pointStyle: 'triangle', pointRadius: 6, borderDash: [6, 3] }) });
      }
      if (ls.length) {
        specs.push({ key: 'm', label: 'best unit vs magnetisation m', data: ls.map((l) => point(l.layer, l.magnetizationCorrelation)).filter(Boolean),
          ...line(MAGNET, { pointStyle: 'rect', pointRadius: 5, borderDash: [2, 2] }) });
      }
      setFilled(charts.blocks.canvas, syncDatasets(charts.blocks, specs));
      charts.blocks.update('none');
    },
    freeEnergy() {
      setFilled(charts.freeEnergy.canvas, syncDatasets(charts.freeEnergy, trainSpecs('freeEnergy')));
      charts.freeEnergy.update('none');
    },
    reconstruction() {
      setFilled(charts.reconstruction.canvas, syncDatasets(charts.reconstruction, trainSpecs('reconstructionError')));
      charts.reconstruction.update('none');
    },
    tiles() {
      const layer = m.layer;
      const payloads = { fields: m.fields.get(layer), control: m.control.get(layer), reconstructions: m.recon.get(layer) };
      for (const s of TILES) {
        const c = tileCanvases[s];
        let drawn = 0;
        try {
          drawn = drawTiles(c, payloads[s]);
        } catch (e) {
          console.error(`cannot draw the ${s} tiles`, e);
        }
        c.dataset.drawn = String(drawn);
        c.closest('.tiles-box').toggleAttribute('data-empty', drawn === 0);
        const note = root.querySelector(`[data-tiles-note="${s}"]`);
        if (note) note.textContent = payloads[s] && s !== 'reconstructions' ? `· ${payloads[s].count} of ${widthOf(layer)} units, epoch ${payloads[s].epoch}` : '';
      }
      slider.max = String(Math.max(1, m.maxLayer));
      slider.value = String(layer);
      slider.disabled = m.maxLayer < 2;
      const b = m.config ? blockOf(layer) : 0;
      const text = m.maxLayer ? `layer ${layer} of ${m.config ? m.config.layers.length : m.maxLayer}${widthOf(layer) ? `, ${widthOf(layer)} units` : ''}${b ? ` (blocks of ${b}×${b})` : ''}` : '';
      slider.setAttribute('aria-valuetext', text || 'no layers yet');
      view.readout('layer', text);
      frameLabel.textContent = text ? `· ${text}` : '';
    },
  };

  function widthOf(layer) {
    return m.config && m.config.layers ? m.config.layers[layer - 1] : undefined;
  }

  function blockOf(layer) {
    const n = widthOf(layer);
    const side = Math.round(Math.sqrt(n || 0));
    return side > 0 && side * side === n && m.config.lattice % side === 0 ? m.config.lattice / side : 0;
  }

  function seeLayer(layer) {
    m.maxLayer = Math.max(m.maxLayer, layer);
    if (m.follow) m.layer = layer;
    view.mark(DRAW.tiles);
  }

  function onPoint(series, v) {
    switch (series) {
      case 'samples':
        m.samples = v;
        view.readout('samples', `${v.lattice}×${v.lattice} at T = ${fixed(v.temperature, 4)}: ⟨|m|⟩ = ${fixed(v.meanAbsMagnetization)} `
          + `over the samples (Onsager, infinite lattice: ${fixed(v.onsagerMagnetization)}).`);
        return undefined;
      case 'train':
        m.train.push(v);
        return ['freeEnergy', 'reconstruction'];
      case 'fields':
        (v.stack === 'control' ? m.control : m.fields).set(v.layer, v);
        seeLayer(v.layer);
        return undefined;
      case 'reconstructions':
        m.recon.set(v.layer, v);
        seeLayer(v.layer);
        return undefined;
      case 'locality':
        m.locality.set(v.layer, v);
        return ['spread', 'blocks'];
      default:
        return undefined;
    }
  }

  function applyConfig(config) {
    m.config = config;
    const n = config && config.layers ? config.layers.length : 1;
    for (const c of [charts.spread, charts.blocks]) {
      c.options.scales.x.min = 0.5;
      c.options.scales.x.max = n + 0.5;
      c.options.scales.x.ticks.stepSize = 0.5;
      c.options.scales.x.ticks.callback = (v) => (Number.isInteger(v) ? String(v) : ''); // layers are whole numbers
    }
    charts.blocks.options.scales.y.min = 0;
    charts.blocks.options.scales.y.max = 1;
    for (const c of [charts.freeEnergy, charts.reconstruction]) {
      c.options.scales.x.min = 0;
      c.options.scales.x.max = n;
    }
  }

  slider.addEventListener('input', () => {
    m.layer = Number(slider.value);
    m.follow = m.layer >= m.maxLayer;
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
