// Modal dialogs on the native <dialog> (showModal makes the rest of the page inert), with a focus trap that keeps
// Tab and Shift+Tab inside, Escape to close, and focus returned to whatever opened the dialog. A closed dialog is
// removed from the document: nothing it showed (a shown-once key) stays in the DOM.

import { h, uid } from './dom.js';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), '
  + 'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

const open = new Set();

/**
 * Opens a modal dialog. title: heading text; build(dialog): returns the body node and may call dialog.close().
 * Options: onClose (called once after closing), initialFocus (a selector inside the dialog), cls.
 * Returns {element, close}.
 */
export function openDialog(title, build, { onClose = null, initialFocus = null, cls = '' } = {}) {
  const opener = document.activeElement;
  const titleId = uid('dialog-title');
  const element = h('dialog', { class: `dialog ${cls}`.trim(), 'aria-labelledby': titleId });
  let closed = false;
  const handle = {
    element,
    close() {
      if (closed) {
        return;
      }
      closed = true;
      open.delete(handle);
      if (element.open) {
        element.close();
      }
      element.remove();
      if (onClose) {
        onClose();
      }
      if (opener && opener.isConnected && typeof opener.focus === 'function') {
        opener.focus();
      } else {
        const main = document.getElementById('main');
        if (main) {
          main.focus();
        }
      }
    },
    setTitle(text) {
      element.querySelector(`#${titleId}`).textContent = text;
    },
  };
  element.appendChild(h('h2', { id: titleId, class: 'dialog-title', text: title }));
  element.appendChild(build(handle));
  // Escape: the browser fires "cancel"; close our way (removal, focus back, onClose)
  element.addEventListener('cancel', (event) => {
    event.preventDefault();
    handle.close();
  });
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      handle.close();
    } else if (event.key === 'Tab') {
      trap(element, event);
    }
  });
  document.body.appendChild(element);
  element.showModal();
  open.add(handle);
  const first = (initialFocus && element.querySelector(initialFocus)) || element.querySelector(FOCUSABLE);
  if (first) {
    first.focus();
  }
  return handle;
}

function trap(element, event) {
  const items = [...element.querySelectorAll(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
  if (items.length === 0) {
    event.preventDefault();
    return;
  }
  const first = items[0];
  const last = items[items.length - 1];
  if (event.shiftKey && (document.activeElement === first || !element.contains(document.activeElement))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (document.activeElement === last || !element.contains(document.activeElement))) {
    event.preventDefault();
    first.focus();
  }
}

/** Closes every open dialog (the session ended). */
export function closeAll() {
  for (const handle of [...open]) {
    handle.close();
  }
}

/**
 * A confirmation: message nodes, a confirm button (danger by default), Cancel focused first so that Enter does
 * not destroy anything by accident. onConfirm(handle, button) may return a promise; errors it throws are shown.
 */
export function confirmDialog(title, message, confirmText, onConfirm, { danger = true, extra = null } = {}) {
  return openDialog(title, (dialog) => {
    const error = h('p', { class: 'error', role: 'alert' });
    const confirm = h('button', { type: 'submit', class: `button ${danger ? 'danger' : 'primary'}`, text: confirmText });
    const cancel = h('button', { type: 'button', class: 'button secondary', text: 'Cancel', onclick: () => dialog.close() });
    const form = h('form', { class: 'dialog-body', novalidate: true },
      h('div', { class: 'dialog-message' }, message),
      extra,
      error,
      h('div', { class: 'dialog-actions' }, cancel, confirm));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      confirm.disabled = true;
      try {
        await onConfirm(dialog, confirm);
      } catch (e) {
        error.textContent = e.message || String(e);
      } finally {
        confirm.disabled = false;
      }
    });
    return form;
  }, { initialFocus: '.button.secondary' });
}
