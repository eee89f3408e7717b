// The config form: data-set-dependent fields, presets, the permalink, the seed and log-grid helpers, and the
// field errors of a refused config. Everything here is driven by attributes the server writes from the config
// record's @Knob metadata (templates/fragments/knobs.html), so no lab needs code of its own for its form.


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

/**
 * Shows the fields of the chosen data set (data-show-for="a b") and fixes the ones a data set determines
 * (data-fixed-when="dataset=mnist" data-fixed-value="784", from the field's @Knob): read-only at that value while
 * it applies, the user's own value back once it does not.
 */
function applyDataset(form, { initial = false } = {}) {
  const select = form.querySelector('[data-dataset-select]');
  if (!select) return;
  const dataset = select.value;
  // A workshop step's hidden knobs (data-concealed) stay hidden and its locked ones (data-locked) keep their value.
  form.querySelectorAll('[data-show-for]:not([data-concealed])').forEach((el) => {
    el.hidden = !el.dataset.showFor.split(/\s+/).includes(dataset);
  });
  form.querySelectorAll('[data-fixed-when]:not([data-locked])').forEach((field) => {
    const [name, value] = field.dataset.fixedWhen.split('=');
    const control = form.elements[name];
    const applies = control && control.value === value;
    if (applies) {
      if (!field.readOnly && field.value !== field.dataset.fixedValue) field.dataset.before = field.value;
      field.value = field.dataset.fixedValue;
      field.readOnly = true;
    } else if (field.readOnly) {
      field.readOnly = false;
      if (!initial && field.dataset.before !== undefined) field.value = field.dataset.before;
    }
  });
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
export function showFieldError(form, errorEl) {
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

export function initForm(form) {
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
