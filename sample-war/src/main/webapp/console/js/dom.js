// Small DOM helpers. Everything the console shows is built with these (elements and textContent, never HTML text), so no
// text from the server is ever parsed as markup, and no inline style or script exists for CSP to block.

/**
 * Creates an element. attrs: "class", "text", "on<event>" (listeners), booleans (set when true), anything else
 * as an attribute. Children: nodes or strings (text), null/false skipped, arrays flattened.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'class') {
      el.className = value;
    } else if (name === 'text') {
      el.textContent = value;
    } else if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'style') {
      throw new Error('no style attributes: CSP forbids them; use a class');
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

export function clear(el) {
  while (el.firstChild) {
    el.removeChild(el.firstChild);
  }
  return el;
}

let idCounter = 0;

/** A unique id for label/aria wiring. */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** An ISO instant as local date and time (minutes), or a dash. */
export function formatInstant(iso) {
  if (!iso) {
    return '—';
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return iso;
  }
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A time element: readable text, the exact instant in datetime and title; stacked: date above time (tables). */
export function timeEl(iso, { stacked = false } = {}) {
  if (!iso) {
    return h('span', { class: 'muted', text: '—' });
  }
  const text = formatInstant(iso);
  if (stacked && text.includes(' ')) {
    const [date, time] = text.split(' ');
    return h('time', { datetime: iso, title: iso, class: 'stacked' }, h('span', { text: date }), ' ', h('span', { text: time }));
  }
  return h('time', { datetime: iso, title: iso, text });
}

/** The owner as a cell: its type in small print above its id. */
export function ownerEl(owner) {
  if (!owner) {
    return h('span', { class: 'muted', text: '—' });
  }
  return h('span', { class: 'owner' },
    h('span', { class: 'owner-type', text: owner.type === 'service_account' ? 'service account' : 'user' }), ' ',
    h('code', { text: owner.id }));
}

export function ownerText(owner) {
  if (!owner) {
    return '—';
  }
  return owner.type === 'service_account' ? `service account ${owner.id}` : `user ${owner.id}`;
}

export function badge(status) {
  return h('span', { class: `badge badge-${status}`, text: status });
}

/** Says something to screen readers (a polite live region). */
export function announce(message) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // a change the next frame, so that the same message twice is announced twice
  requestAnimationFrame(() => { region.textContent = message; });
}

/** Calls fn after the input has been quiet for ms milliseconds. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Seconds as words: 3600 → "1 hour", 86400 → "1 day", 90 → "90 seconds". */
export function windowText(seconds) {
  const units = [[86400, 'day'], [3600, 'hour'], [60, 'minute']];
  for (const [size, word] of units) {
    if (seconds % size === 0) {
      const n = seconds / size;
      return n === 1 ? word : `${n} ${word}s`;
    }
  }
  return seconds === 1 ? 'second' : `${seconds} seconds`;
}

export function limitText(limit) {
  return `${Number(limit.limit).toLocaleString('en-US')} per ${windowText(limit.window_seconds)}`;
}

/** A labelled form field: label, control, hint and an error paragraph wired through aria-describedby. */
export function field(labelText, control, { hint = null, name = null, cls = '' } = {}) {
  const id = control.id || uid('f');
  control.id = id;
  const errorId = `${id}-error`;
  const described = [];
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'hint', id: `${id}-hint`, text: hint });
    described.push(hintEl.id);
  }
  described.push(errorId);
  control.setAttribute('aria-describedby', described.join(' '));
  const error = h('p', { class: 'error', id: errorId });
  const wrapper = h('div', { class: `field ${cls}`.trim(), 'data-field': name || undefined },
    h('label', { for: id, text: labelText }), control, hintEl, error);
  return { wrapper, control, error };
}

/** Shows (or with null clears) an error under a field and marks its control invalid. */
export function setFieldError(f, message) {
  f.error.textContent = message || '';
  if (message) {
    f.control.setAttribute('aria-invalid', 'true');
  } else {
    f.control.removeAttribute('aria-invalid');
  }
}

export function option(value, text, selected = false) {
  return h('option', { value, text, selected });
}
