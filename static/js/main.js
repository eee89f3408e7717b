// Page wiring: htmx settings, KaTeX, the config form (form.js), and the run panel: when one with data-run-id
// appears (page load or htmx swap) its event stream feeds the lab view. A lab's view is the module
// /js/<data-lab-view>.js (view-base.js says what it exports); a lab without one gets generic.js.

import { openRunStream, TERMINAL } from './run-stream.js';
import { initForm, showFieldError } from './form.js';

/** Lab view ids are URL-safe lab ids (core.LabCatalog checks them); anything else would not name a module here. */
const VIEW_ID = /^[a-z][a-z0-9-]*$/;
const QUEUE_POLL_MS = 3000;

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
  // Workshop mode: every state-changing request carries the page's CSRF token (web/Participants.java).
  const csrf = document.querySelector('meta[name="csrf-token"]');
  if (csrf) document.body.addEventListener('htmx:configRequest', (e) => { e.detail.headers['X-CSRF-Token'] = csrf.content; });
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
// Run panel ⇄ event stream ⇄ lab view

let current = null; // { runId, stream, view, endedOnServer }
let attachToken = 0;

/** The lab's view module, by convention /js/<id>.js; the generic tables when the lab has none. */
export async function loadView(id) {
  if (!VIEW_ID.test(id || '')) return import('./generic.js');
  try {
    return await import(`./${id}.js`);
  } catch (e) {
    console.warn(`no view module /js/${id}.js (${e.message}); showing the generic tables`);
    return import('./generic.js');
  }
}

async function viewFor(root) {
  if (!root.$view) root.$view = loadView(root.dataset.labView).then((module) => module.createView(root));
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
    badge.className = badge.className.replace(/\bstatus-[\w-]+/g, '').trim() + ` status-${status}`;
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

/**
 * While a run waits, its panel's sentence (place in the fair queue, expected start) follows the server every few
 * seconds (GET /api/runs/{id}/queue); only the text changes, so a Cancel click never races a swap.
 */
function followQueue(runId) {
  const tick = async () => {
    const panel = panelOf(runId);
    if (!panel || panel.dataset.status !== 'queued') return;
    try {
      const r = await fetch(`/api/runs/${encodeURIComponent(runId)}/queue`, { cache: 'no-store', credentials: 'same-origin' });
      if (r.ok) {
        const q = await r.json();
        const now = panelOf(runId);
        if (now && now.dataset.status === 'queued' && q.status === 'queued' && q.message) {
          now.querySelector('[data-role=message]').textContent = q.message;
          now.dataset.ahead = String(q.ahead);
        }
      }
    } catch { /* the next tick tries again */ }
    setTimeout(tick, QUEUE_POLL_MS);
  };
  setTimeout(tick, QUEUE_POLL_MS);
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
  if (panel.dataset.status === 'queued') followQueue(runId);
}

/** A comparison page: the lab's view draws the listed runs from their stored events (compare.js). */
async function attachComparison(panel) {
  const root = document.querySelector('[data-lab-view]');
  if (!root || panel.hasAttribute('data-wired')) return;
  panel.setAttribute('data-wired', '');
  const [view, { compareRuns }] = await Promise.all([viewFor(root), import('./compare.js')]);
  await compareRuns(panel, root, view);
}

/** A workshop page (static/js/workshop.js): a participant's step banner, or the instructor's live view. */
function attachWorkshop(scope) {
  scope.querySelectorAll('[data-workshop]:not([data-wired]), [data-workshop-instructor]:not([data-wired])').forEach((el) => {
    el.setAttribute('data-wired', '');
    import('./workshop.js')
      .then((m) => (el.hasAttribute('data-workshop') ? m.followStep(el) : m.teach(el)))
      .catch((e) => console.error('cannot wire the workshop', e));
  });
}

function scan(scope) {
  renderMath(scope);
  attachWorkshop(scope);
  scope.querySelectorAll('[data-bundle]:not([data-wired])').forEach((b) => {
    b.setAttribute('data-wired', '');
    import('./bundle.js').then((m) => m.wire(b)).catch((e) => console.error('cannot wire the bundle button', e));
  });
  scope.querySelectorAll('form.config-form').forEach(initForm);
  scope.querySelectorAll('[data-compare-runs]').forEach((p) => attachComparison(p).catch((e) => console.error('cannot compare', e)));
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
