// Small UI pieces shared by pages: toasts and a confirm dialog.
import {el} from './dom.js';

let region = null;

/** Shows a short message at the bottom right, read out by screen readers. */
export function toast(message, ms = 3500) {
  if (!region) {
    region = el('div', {class: 'toast-region', role: 'status', 'aria-live': 'polite', id: 'toasts'});
    document.body.appendChild(region);
  }
  const node = el('div', {class: 'toast'}, message);
  region.appendChild(node);
  setTimeout(() => node.remove(), ms);
}

/**
 * A modal yes/no question. Resolves true when confirmed.
 * confirmDialog({title, message, confirmLabel: 'Delete', danger: true})
 */
export function confirmDialog({title, message, confirmLabel = 'OK', cancelLabel = 'Cancel', danger = false, id = 'confirm-dialog'}) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const cancel = el('button', {type: 'button', class: 'btn', id: id + '-cancel', value: 'cancel'}, cancelLabel);
    const ok = el('button', {
      type: 'button', class: ['btn', danger ? 'btn-danger-solid' : 'btn-primary'], id: id + '-ok', value: 'ok',
    }, confirmLabel);
    const dialog = el('dialog', {id, 'aria-labelledby': id + '-title', 'aria-describedby': id + '-message'},
      el('div', {class: 'dialog-body'},
        el('h2', {id: id + '-title'}, title),
        el('p', {id: id + '-message'}, message),
        el('div', {class: 'dialog-actions'}, cancel, ok)));
    let answered = false;
    const finish = (value) => {
      if (answered) return;
      answered = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(value);
    };
    cancel.addEventListener('click', () => finish(false));
    ok.addEventListener('click', () => finish(true));
    dialog.addEventListener('close', () => finish(false));
    document.body.appendChild(dialog);
    dialog.showModal();
    // Safer default for destructive questions: focus Cancel.
    (danger ? cancel : ok).focus();
  });
}
