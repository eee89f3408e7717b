// Page wiring: htmx settings, KaTeX, the config form (dataset-dependent fields, permalink, helpers), and the
// run panel: when one with data-run-id appears (page load or htmx swap) its event stream feeds the lab view.

import { openRunStream, TERMINAL } from './run-stream.js';

/** Lab views by the page's data-lab-view; each module exports createView(root). */
const VIEWS = {
  ridge: () => import('./ridge.js'),
  rbm: () => import('./rbm.js'),
  ising: () => import('./ising.js'),
  generic: () => import('./generic.js'),
};

function configureHtmx() {
  const htmx = window.htmx;
  if (!htmx) throw new Error('htmx did not load');
  // A rejected config comes back as 400 with an HTML fragment naming the field: show it in the form's error slot.
  htmx.config.responseHandling = [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '400', swap: true, error: false, target: '#config-error' },
    { code: '422', swap: true, error: false, target: '#config-error' },
    { code: '[45]..', swap: false, error: true },
    { code: '...', swap: false },
  ];
  // Strict CSP: no inline <style> from htmx (app.css styles the indicators), no eval.
  htmx.config.includeIndicatorStyles = false;
  htmx.config.allowEval = false;
  htmx.config.allowScriptTags = false;
  htmx.config.historyCacheSize = 0;
}

/**
 * Runs `fn` while setAttribute('style', …) goes through the CSSOM instead. KaTeX sizes some SVGs (square
 * roots, stretchy accents) with a style attribute, which a strict CSP (style-src 'self') blocks; the same
 * declarations set through element.style are allowed.
 */
function withStylesViaCssom(fn) {
  const original = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function setAttribute(name, value) {
    if (String(name).toLowerCase() === 'style') {
      this.style.cssText = value;
      return undefined;
    }
    return original.call(this, name, value);
  };
  try {
    return fn();
  } finally {
    Element.prototype.setAttribute = original;
  }
}

function renderMath(scope) {
  const katex = window.katex;
  if (!katex) throw new Error('KaTeX did not load');
  withStylesViaCssom(() => scope.querySelectorAll('.math:not([data-rendered])').forEach((el) => {
    try {
      katex.render(el.textContent, el, { displayMode: el.classList.contains('display'), throwOnError: true });
      el.dataset.rendered = '';
    } catch (e) {
      console.error('KaTeX could not render', el.textContent, e);
    }
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// The config form

/** Percent-encodes like the server's permalinks: RFC 3986 unreserved characters and ',' stay as they are. */
function enc(s) {
  return encodeURIComponent(s).replace(/%2C/gi, ',').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function permalinkOf(form) {
  const parts = [];
  for (const el of form.elements) {
    // Control fields (_checkboxes) are not config; booleans are written out, true or false, never left out.
    if (!el.name || el.disabled || el.name.startsWith('_')) continue;
    let v;
    if (el.type === 'checkbox') v = el.checked ? 'true' : 'false';
    else v = el.value.trim().replace(/[\s,;]*[,;\n][\s,;]*/g, ',').replace(/\s+/g, ',');
    parts.push(`${enc(el.name)}=${enc(v)}`);
  }
  // Not form.dataset: a form's named controls shadow its properties, and this form has a field "dataset".
  return `/labs/${enc(form.getAttribute('data-lab'))}?${parts.join('&')}`;
}

function updatePermalink(form) {
  const link = form.querySelector('[data-permalink]');
  if (link) link.setAttribute('href', permalinkOf(form));
}

function applyDataset(form, { initial = false } = {}) {
  const select = form.querySelector('[data-dataset-select]');
  if (!select) return;
  const dataset = select.value;
  form.querySelectorAll('[data-show-for]').forEach((el) => {
    el.hidden = !el.dataset.showFor.split(/\s+/).includes(dataset);
  });
  const features = form.elements.features;
  if (!features) return;
  if (dataset === 'mnist') {
    if (!features.readOnly) features.dataset.before = features.value;
    features.value = '784';
    features.readOnly = true;
  } else if (features.readOnly) {
    features.readOnly = false;
    if (!initial) features.value = features.dataset.before && features.dataset.before !== '784' ? features.dataset.before : '200';
  }
}

/** The field assignments of a preset option: data-set="k=1 persistent=false". */
function presetValues(option) {
  return (option.dataset.set || '').trim().split(/\s+/).filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=');
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

function fieldValue(el) {
  return el.type === 'checkbox' ? String(el.checked) : el.value.trim();
}

/** Shows the preset the fields match, or "custom" once they match none. */
function syncPreset(form, select) {
  const match = [...select.options].find((o) => {
    const pairs = presetValues(o);
    return pairs.length > 0 && pairs.every(([name, v]) => form.elements[name] && fieldValue(form.elements[name]) === v);
  });
  const custom = [...select.options].find((o) => presetValues(o).length === 0);
  select.value = match ? match.value : custom ? custom.value : '';
}

/** Sets the fields a preset names (a select with data-preset and no name, so it is not config itself). */
function applyPreset(form, select) {
  const option = select.selectedOptions[0];
  if (!option) return;
  for (const [name, v] of presetValues(option)) {
    const el = form.elements[name];
    if (!el) continue;
    if (el.type === 'checkbox') el.checked = v === 'true';
    else el.value = v;
    el.setAttribute('aria-invalid', 'false');
  }
}

function logGrid(from, to, count) {
  if (!(from > 0 && to > 0 && count >= 1)) return [];
  if (count === 1) return [Math.round(from)];
  const out = [];
  for (let i = 0; i < count; i++) {
    const v = Math.round(from * (to / from) ** (i / (count - 1)));
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

function clearErrors(form) {
  form.querySelectorAll('[aria-invalid=true]').forEach((el) => el.setAttribute('aria-invalid', 'false'));
  form.querySelectorAll('[data-error-for]').forEach((el) => { el.textContent = ''; el.hidden = true; });
  const slot = document.getElementById('config-error');
  if (slot) slot.replaceChildren();
}

/** Marks the field a 400 reply named, shows the reason under it, and brings it into view. */
function showFieldError(form, errorEl) {
  const name = errorEl.dataset.errorField;
  const field = form.elements[name];
  const reason = errorEl.querySelector('.reason')?.textContent || '';
  if (!field || typeof field.setAttribute !== 'function') return;
  field.setAttribute('aria-invalid', 'true');
  const container = field.closest('[data-show-for]');
  if (container) container.hidden = false;
  const msg = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
  if (msg) { msg.textContent = reason; msg.hidden = false; }
  field.focus({ preventScroll: true });
  field.scrollIntoView({ block: 'center' });
}

function initForm(form) {
  if (form.hasAttribute('data-wired')) return;
  form.setAttribute('data-wired', '');
  applyDataset(form, { initial: true });
  const presets = [...form.querySelectorAll('select[data-preset]')];
  presets.forEach((select) => syncPreset(form, select));
  updatePermalink(form);
  form.addEventListener('input', (e) => {
    if (!e.target.matches('[data-preset]')) presets.forEach((select) => syncPreset(form, select));
    updatePermalink(form);
  });
  form.addEventListener('change', (e) => {
    if (e.target.matches('[data-dataset-select]')) applyDataset(form);
    if (e.target.matches('[data-preset]')) applyPreset(form, e.target); // choosing "custom" changes nothing
    else presets.forEach((select) => syncPreset(form, select));
    updatePermalink(form);
  });
  form.addEventListener('htmx:beforeRequest', () => clearErrors(form));
  form.querySelectorAll('[data-new-seed]').forEach((button) => button.addEventListener('click', () => {
    const input = document.getElementById(button.dataset.newSeed);
    input.value = String(crypto.getRandomValues(new Uint32Array(1))[0] >>> 1);
    updatePermalink(form);
  }));
  form.querySelectorAll('[data-grid-for]').forEach((helper) => {
    helper.querySelector('[data-grid=fill]').addEventListener('click', () => {
      const num = (k) => Number(helper.querySelector(`[data-grid=${k}]`).value);
      const grid = logGrid(num('from'), num('to'), Math.round(num('count')));
      if (grid.length) {
        document.getElementById(helper.dataset.gridFor).value = grid.join(', ');
        updatePermalink(form);
      }
    });
  });
  const link = form.querySelector('[data-permalink]');
  if (link) {
    link.addEventListener('click', (e) => {
      e.preventDefault();
      const url = new URL(link.getAttribute('href'), window.location.href).href;
      const done = () => { link.dataset.copied = ''; setTimeout(() => delete link.dataset.copied, 2000); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, () => window.location.assign(url));
      } else {
        window.location.assign(url); // no clipboard here: the address bar holds the permalink instead
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Run panel ⇄ event stream ⇄ lab view

let current = null; // { runId, stream, view, endedOnServer }
let attachToken = 0;

async function viewFor(root) {
  if (root.$view) return root.$view;
  const load = VIEWS[root.dataset.labView] || VIEWS.generic;
  const module = await load();
  root.$view = module.createView(root);
  return root.$view;
}

function panelOf(runId) {
  return document.querySelector(`.run-panel[data-run-id="${CSS.escape(runId)}"]`);
}

function setPanelStatus(panel, status, message) {
  if (!panel) return;
  panel.dataset.status = status;
  const badge = panel.querySelector('[data-role=status]');
  if (badge) {
    badge.textContent = status;
    badge.className = badge.className.replace(/\bstatus-\w+/g, '').trim() + ` status-${status}`;
  }
  if (message !== undefined) {
    const msg = panel.querySelector('[data-role=message]');
    if (msg) msg.textContent = message;
  }
}

function onRunEvent(runId, event) {
  const panel = panelOf(runId);
  if (!panel) return;
  const progress = panel.querySelector('[data-role=progress]');
  switch (event.type) {
    case 'started':
      setPanelStatus(panel, 'running', 'Running…');
      break;
    case 'progress':
      if (progress && Number.isFinite(event.fraction)) progress.value = event.fraction;
      setPanelStatus(panel, 'running', event.message || `${Math.round(event.fraction * 100)} %`);
      break;
    case 'log':
      setPanelStatus(panel, panel.dataset.status, event.message);
      break;
    default:
      if (TERMINAL.has(event.type)) {
        if (event.type === 'finished' && progress) progress.value = 1;
        setPanelStatus(panel, event.type, event.reason || `${event.type[0].toUpperCase()}${event.type.slice(1)}.`);
      }
  }
}

function onStreamState(runId, state, info) {
  const panel = panelOf(runId);
  if (!panel) return;
  let note = panel.querySelector('.stream-state');
  const text = state === 'waiting' ? `Connection lost; reconnecting in ${Math.round(info.delay / 100) / 10} s…`
    : state === 'lost' ? 'Lost the connection to this run; reload the page to try again.' : '';
  if (!text) { if (note) note.remove(); return; }
  if (!note) {
    note = document.createElement('p');
    note.className = 'stream-state';
    panel.appendChild(note);
  }
  note.textContent = text;
}

async function attachPanel(panel) {
  const runId = panel.dataset.runId;
  const root = document.querySelector('[data-lab-view]');
  if (!runId || !root) return;
  if (current && current.runId === runId) return; // a refreshed copy of the panel we are already streaming
  if (current) current.stream.close();
  const token = ++attachToken;
  current = { runId, stream: { close() {} } };
  const view = await viewFor(root);
  if (token !== attachToken) return;
  view.reset();
  // A run that had already ended when the page was rendered replays silently: no "run-ended" refresh needed.
  const endedOnServer = TERMINAL.has(panel.dataset.status);
  current.stream = openRunStream(runId, {
    onEvent: (event) => {
      view.handle(event);
      // The panel of a run that had ended when the page was rendered already says how it ended.
      if (!endedOnServer) onRunEvent(runId, event);
    },
    onState: (state, info) => {
      onStreamState(runId, state, info);
      if (state === 'ended' && !endedOnServer) {
        const p = panelOf(runId);
        if (p) p.dispatchEvent(new CustomEvent('run-ended', { bubbles: true, detail: info }));
      }
    },
  });
  root.dataset.runId = runId;
}

function scan(scope) {
  renderMath(scope);
  scope.querySelectorAll('form.config-form').forEach(initForm);
  const panels = scope.matches && scope.matches('.run-panel[data-run-id]') ? [scope]
    : [...scope.querySelectorAll('.run-panel[data-run-id]')];
  panels.forEach((p) => attachPanel(p).catch((e) => console.error('cannot open the run stream', e)));
}

function showTransportError(text) {
  const slot = document.getElementById('config-error');
  if (!slot) return;
  const div = document.createElement('div');
  div.className = 'config-error';
  div.setAttribute('role', 'alert');
  div.textContent = text;
  slot.replaceChildren(div);
}

function start() {
  configureHtmx();
  document.body.addEventListener('htmx:afterSwap', (e) => {
    const target = e.detail.target;
    if (target.id === 'config-error') {
      const err = target.querySelector('[data-error-field]');
      const form = document.getElementById('config-form');
      if (err && form) showFieldError(form, err);
      return;
    }
    if (target.id === 'run-slot' && target.querySelector('.run-panel[data-run-id]')) {
      document.body.dispatchEvent(new CustomEvent('run-started', { bubbles: true }));
    }
    scan(target.isConnected ? target : document);
  });
  // outerHTML swaps replace the target; scan what replaced it.
  document.body.addEventListener('htmx:load', (e) => scan(e.detail.elt));
  document.body.addEventListener('htmx:responseError', (e) => {
    const xhr = e.detail.xhr;
    let text = xhr.responseText || '';
    try {
      const body = JSON.parse(text);
      text = body.error || body.message || body.title || text;
    } catch { /* not JSON: show the text */ }
    showTransportError(`The server answered ${xhr.status}${text ? `: ${String(text).slice(0, 300)}` : ''}`);
  });
  document.body.addEventListener('htmx:sendError', () => showTransportError('Cannot reach the server. Is it running?'));
  scan(document);
  document.documentElement.dataset.js = 'ready';
}

start();
