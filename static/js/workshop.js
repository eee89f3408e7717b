// Workshop pages (web/WorkshopRoutes.java). Both poll the workshop's state (GET /api/workshops/{code}) every two
// seconds: a participant's step page records the prediction, keeps the class table current and reloads when the
// instructor pushes another step; the instructor's page pushes steps, shares runs, and draws the participants,
// predictions against outcomes, and each participant's latest run of the step as a small multiple (the run's own
// page in its embed layout, so every lab's charts work there with no code here).

import { PALETTE, formatNumber } from './charts.js';

const POLL_MS = 2000;
const BINS = 8;
const MAX_MULTIPLES = 24;

function csrf() {
  const m = document.querySelector('meta[name="csrf-token"]');
  return m ? m.content : '';
}

/** POST a JSON body with the page's CSRF token; resolves to {ok, status, json}. */
async function post(url, body) {
  const r = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf() },
    body: JSON.stringify(body),
  });
  let json = null;
  try {
    json = await r.json();
  } catch { /* not JSON */ }
  return { ok: r.ok, status: r.status, json };
}

/** Calls onState with every fresh state until onState returns false. */
function poll(url, onState) {
  async function tick() {
    let more = true;
    try {
      const r = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
      if (r.ok) more = onState(await r.json()) !== false;
    } catch { /* the server is restarting or the network blinked: try again */ }
    if (more) setTimeout(tick, POLL_MS);
  }
  tick();
}

function latestRun(person) {
  return person.runs.length ? person.runs[person.runs.length - 1] : null;
}

function statusText(run) {
  if (!run) return 'no run yet';
  if (run.status === 'queued' && run.queuePosition > 0) return `queued (place ${run.queuePosition})`;
  return run.status;
}

function show(v) {
  if (v === null || v === undefined || v === '') return '–';
  const n = Number(v);
  return Number.isFinite(n) && String(v).trim() !== '' ? formatNumber(n) : String(v);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The latest finished outcomes and the numeric predictions of the class. */
function figures(state) {
  const predictions = [];
  const outcomes = [];
  for (const p of state.participants) {
    if (p.prediction !== null) predictions.push(p.prediction);
    const done = p.runs.filter((r) => r.outcome !== null);
    if (done.length) outcomes.push(done[done.length - 1].outcome);
  }
  return { predictions, outcomes };
}

function classSummary(state) {
  const counts = {};
  for (const p of state.participants) {
    const r = latestRun(p);
    const s = r ? r.status : 'no run';
    counts[s] = (counts[s] || 0) + 1;
  }
  const n = state.participants.length;
  const parts = Object.entries(counts).map(([s, c]) => `${c} ${s}`);
  const { predictions, outcomes } = figures(state);
  return `${n} ${n === 1 ? 'participant' : 'participants'}${parts.length ? ` (${parts.join(', ')})` : ''}; `
    + `${predictions.length} ${predictions.length === 1 ? 'prediction' : 'predictions'}, ${outcomes.length} `
    + `${outcomes.length === 1 ? 'outcome' : 'outcomes'}.`;
}

function cell(tr, content) {
  const td = tr.insertCell();
  if (content instanceof Node) td.appendChild(content);
  else td.textContent = content;
  return td;
}

function runCell(run) {
  if (run && run.href) {
    const a = document.createElement('a');
    a.href = run.href;
    a.textContent = statusText(run);
    return a;
  }
  return statusText(run);
}

function outcomeOf(person) {
  const done = person.runs.filter((r) => r.outcome !== null);
  return done.length ? done[done.length - 1].outcome : null;
}

// ---- a participant's step page ------------------------------------------------------------------------------

export function followStep(banner) {
  const step = Number(banner.dataset.step);
  const form = banner.querySelector('[data-prediction-form]');
  if (form) {
    const status = form.querySelector('[data-role="prediction-status"]');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const value = new FormData(form).get('value');
      if (value === null || String(value).trim() === '') {
        status.textContent = 'Enter your prediction first.';
        return;
      }
      const r = await post(banner.dataset.predictUrl, { value: String(value) });
      if (r.ok) {
        status.textContent = `Recorded: ${r.json.value}. You can change it until you run.`;
        banner.dataset.predicted = r.json.value;
      } else {
        status.textContent = (r.json && r.json.message) || `The server answered ${r.status}.`;
      }
    });
  }
  const rows = banner.querySelector('[data-class-rows]');
  const summary = banner.querySelector('[data-role="class-summary"]');
  poll(banner.dataset.stateUrl, (state) => {
    if (state.step !== step) {
      // The instructor pushed another step: this page is the old step's.
      banner.dataset.following = 'reloading';
      window.location.reload();
      return false;
    }
    rows.replaceChildren();
    for (const p of state.participants) {
      const tr = rows.insertRow();
      if (p.you) tr.className = 'you';
      cell(tr, p.you ? `${p.name} (you)` : p.name);
      cell(tr, show(p.prediction));
      cell(tr, runCell(latestRun(p)));
      cell(tr, show(outcomeOf(p)));
    }
    summary.textContent = classSummary(state);
    banner.dataset.version = String(state.version);
    return true;
  });
}

// ---- the instructor's page ----------------------------------------------------------------------------------

function histogram(state) {
  const pred = state.current.prediction;
  const { predictions, outcomes } = figures(state);
  if (pred && pred.kind === 'choice') {
    const labels = pred.choices;
    const counts = labels.map((c) => predictions.filter((p) => p === c).length);
    return { labels, datasets: [{ label: 'predictions', data: counts, backgroundColor: PALETTE[0] }], numeric: false };
  }
  const xs = predictions.map(Number).filter(Number.isFinite);
  const all = xs.concat(outcomes);
  if (!all.length) return { labels: [], datasets: [], numeric: true };
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 0.5;
    lo -= pad;
    hi += pad;
  }
  const width = (hi - lo) / BINS;
  const bin = (v) => Math.min(BINS - 1, Math.floor((v - lo) / width));
  const count = (vs) => {
    const c = new Array(BINS).fill(0);
    vs.forEach((v) => { c[bin(v)] += 1; });
    return c;
  };
  const labels = [...Array(BINS).keys()].map((i) => `${formatNumber(lo + i * width)}–${formatNumber(lo + (i + 1) * width)}`);
  const datasets = [{ label: 'predictions', data: count(xs), backgroundColor: PALETTE[0] }];
  if (state.current.outcome) datasets.push({ label: 'outcomes', data: count(outcomes), backgroundColor: PALETTE[1] });
  return { labels, datasets, numeric: true };
}

function histSummary(state) {
  const { predictions, outcomes } = figures(state);
  const pred = state.current.prediction;
  if (!pred) return 'This step asks for no prediction.';
  if (!predictions.length) return 'No predictions yet.';
  if (pred.kind === 'choice') {
    const tally = pred.choices.map((c) => `${predictions.filter((p) => p === c).length} “${c}”`);
    return `Predictions: ${tally.join(', ')}.`;
  }
  const xs = predictions.map(Number);
  let s = `${xs.length} ${xs.length === 1 ? 'prediction' : 'predictions'}, median ${formatNumber(median(xs))}`;
  if (outcomes.length) s += `; ${outcomes.length} ${outcomes.length === 1 ? 'outcome' : 'outcomes'}, median ${formatNumber(median(outcomes))}`;
  return `${s}.`;
}

export function teach(root) {
  const rows = root.querySelector('[data-people-rows]');
  const peopleSummary = root.querySelector('[data-role="people-summary"]');
  const pushStatus = root.querySelector('[data-role="push-status"]');
  const outcomeHead = root.querySelector('[data-role="outcome-head"]');
  const outcomeNote = root.querySelector('[data-role="outcome-note"]');
  const multiples = root.querySelector('[data-small-multiples]');
  const multiplesEmpty = root.querySelector('[data-role="multiples-empty"]');
  const histText = root.querySelector('[data-role="hist-summary"]');
  const canvas = root.querySelector('#chart-predictions');
  let chart = null;
  let shownStep = null;

  function drawHistogram(state) {
    const h = histogram(state);
    const label = state.current.outcome ? state.current.outcome.label
      : (state.current.prediction ? state.current.prediction.label : 'prediction');
    if (!chart) {
      chart = new window.Chart(canvas, {
        type: 'bar',
        data: { labels: h.labels, datasets: h.datasets },
        options: {
          animation: false,
          maintainAspectRatio: false,
          scales: {
            x: { title: { display: true, text: label } },
            y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'participants' } },
          },
        },
      });
    } else {
      chart.data.labels = h.labels;
      chart.data.datasets = h.datasets;
      chart.options.scales.x.title.text = label;
      chart.update();
    }
    canvas.dataset.bars = String(h.datasets.reduce((n, d) => n + d.data.reduce((a, b) => a + b, 0), 0));
    histText.textContent = histSummary(state);
  }

  function drawMultiples(state) {
    if (shownStep !== state.step) {
      multiples.replaceChildren();
      shownStep = state.step;
    }
    const wanted = new Map();
    for (const p of state.participants) {
      const r = latestRun(p);
      if (r && r.embed && wanted.size < MAX_MULTIPLES) wanted.set(r.id, { person: p, run: r });
    }
    multiples.querySelectorAll('figure[data-run]').forEach((f) => { if (!wanted.has(f.dataset.run)) f.remove(); });
    for (const [id, { person, run }] of wanted) {
      let fig = multiples.querySelector(`figure[data-run="${CSS.escape(id)}"]`);
      if (!fig) {
        fig = document.createElement('figure');
        fig.className = 'small-multiple card';
        fig.dataset.run = id;
        const frame = document.createElement('iframe');
        frame.src = run.embed;
        frame.title = `${person.name}'s run`;
        frame.loading = 'lazy';
        const cap = document.createElement('figcaption');
        fig.append(frame, cap);
        multiples.appendChild(fig);
      }
      fig.dataset.status = run.status;
      fig.querySelector('figcaption').textContent = `${person.name} · ${statusText(run)}${run.outcome !== null ? ` · ${show(run.outcome)}` : ''}`;
    }
    multiplesEmpty.hidden = wanted.size > 0;
    root.dataset.multiples = String(wanted.size);
  }

  function render(state) {
    root.dataset.step = String(state.step);
    root.querySelectorAll('[data-step-item]').forEach((li) => {
      const current = Number(li.dataset.stepItem) === state.step;
      li.classList.toggle('current', current);
      li.querySelector('[data-role="current-badge"]').hidden = !current;
      const b = li.querySelector('[data-push-step]');
      b.disabled = current;
      if (current) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    });
    outcomeHead.title = state.current.outcome ? state.current.outcome.label : '';
    outcomeNote.textContent = state.current.outcome ? `Outcome: ${state.current.outcome.label}.` : 'This step names no outcome.';
    rows.replaceChildren();
    for (const p of state.participants) {
      const tr = rows.insertRow();
      tr.dataset.participant = p.id;
      cell(tr, p.name);
      cell(tr, show(p.prediction));
      const run = latestRun(p);
      cell(tr, runCell(run));
      cell(tr, show(outcomeOf(p)));
      if (run && run.id) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'button secondary small';
        b.dataset.shareRun = run.id;
        b.textContent = run.shared ? 'Shared' : 'Share';
        b.disabled = run.shared;
        b.setAttribute('aria-label', run.shared ? `${p.name}'s run is shared` : `Share ${p.name}'s run with the class`);
        cell(tr, b);
      } else {
        cell(tr, '–');
      }
    }
    peopleSummary.textContent = state.participants.length ? classSummary(state) : 'Nobody has joined yet.';
    drawHistogram(state);
    drawMultiples(state);
    root.dataset.version = String(state.version);
  }

  root.addEventListener('click', async (e) => {
    const push = e.target.closest('[data-push-step]');
    const share = e.target.closest('[data-share-run]');
    if (push) {
      push.disabled = true;
      const r = await post(root.dataset.stepUrl, { step: Number(push.dataset.pushStep) });
      pushStatus.textContent = r.ok ? `Everyone is on step ${r.json.step} now.` : ((r.json && r.json.message) || `The server answered ${r.status}.`);
      if (r.ok) render(r.json);
      else push.disabled = false;
    } else if (share) {
      share.disabled = true;
      const r = await post(root.dataset.shareUrl, { run: share.dataset.shareRun });
      if (r.ok) render(r.json);
      else {
        share.disabled = false;
        pushStatus.textContent = (r.json && r.json.message) || `The server answered ${r.status}.`;
      }
    }
  });

  poll(root.dataset.stateUrl, (state) => {
    render(state);
    return true;
  });
}
