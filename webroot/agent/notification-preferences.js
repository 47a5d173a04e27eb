// Notification preferences (#preferences-dialog): per kind, by mail and in the app, from
// GET/PUT /api/me/preferences. Opened from the notification panel; a profile page can embed
// preferencesForm() itself.
import {get, put} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';

const KINDS = [
  ['assigned', 'A ticket is assigned to me'],
  ['requester_replied', 'The requester of my ticket replies'],
  ['mentioned', 'Someone mentions me in a note'],
  ['sla_approaching', 'The SLA of my ticket is approaching'],
  ['sla_breached', 'The SLA of my ticket is breached'],
];

/**
 * A form with a checkbox per kind and channel; saving PUTs what changed. `actions` (e.g. a
 * dialog's Close) go on the row of the Save button, before it.
 */
export function preferencesForm({onSaved, actions = []} = {}) {
  const body = el('tbody', null);
  const status = el('p', {class: 'muted', role: 'status', id: 'preferences-status'});
  const save = el('button', {type: 'submit', class: 'btn btn-primary', id: 'preferences-save'}, 'Save preferences');
  const form = el('form', {id: 'preferences-form'},
    el('table', {class: 'macro-table'},
      el('caption', {class: 'visually-hidden'}, 'Notification preferences'),
      el('thead', null, el('tr', null, el('th', {scope: 'col'}, 'When'), el('th', {scope: 'col'}, 'In the app'),
        el('th', {scope: 'col'}, 'By mail'))), body),
    status, el('div', {class: 'dialog-actions'}, actions, save));
  get('/api/me/preferences').then((p) => replace(body, ...KINDS.map(([kind, text]) => el('tr', null,
    el('th', {scope: 'row'}, text),
    el('td', null, el('input', {type: 'checkbox', id: `pref-inapp-${kind}`, 'aria-label': `${text}: in the app`,
      checked: p.inApp[kind], dataset: {kind, channel: 'inApp'}})),
    el('td', null, el('input', {type: 'checkbox', id: `pref-mail-${kind}`, 'aria-label': `${text}: by mail`,
      checked: p.mail[kind], dataset: {kind, channel: 'mail'}}))))))
    .catch((err) => replace(status, err.message));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const next = {mail: {}, inApp: {}};
    for (const box of form.querySelectorAll('input[data-kind]')) next[box.dataset.channel][box.dataset.kind] = box.checked;
    try {
      await put('/api/me/preferences', next);
      status.textContent = 'Saved.';
      if (onSaved) onSaved();
    } catch (err) {
      status.textContent = err.message;
    }
  });
  return form;
}

export function openPreferences() {
  const close = el('button', {type: 'button', class: 'btn', id: 'preferences-close'}, 'Close');
  // Close beside Save, on the one row of actions, as in the app's other dialogs
  const dialog = el('dialog', {id: 'preferences-dialog', 'aria-labelledby': 'preferences-title'},
    el('div', {class: 'dialog-body'}, el('h2', {id: 'preferences-title'}, 'Notify me'),
      preferencesForm({onSaved: () => dialog.close(), actions: [close]})));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
}
