// The ticket's CCs (side panel of the ticket page): who gets a copy of every
// public reply and may answer by mail. Staff add and remove addresses here;
// each change is PATCH /api/tickets/{ref} {version, ccs} on its own.
import {patch} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {toast} from '../shared/ui.js';

/** {element, update(ticket)}; onSaved(ticket) gets the saved ticket. */
export function createCcsPanel({path, onSaved}) {
  let ticket = null;
  const list = el('ul', {class: 'cc-list', id: 'cc-list'});
  const input = el('input', {type: 'email', id: 'cc-add', placeholder: 'name@example.com', autocomplete: 'off',
    'aria-label': 'Add a CC address'});
  const add = el('button', {type: 'submit', class: 'btn', id: 'cc-add-button'}, 'Add');
  const error = el('span', {class: 'field-error', id: 'cc-add-error', 'aria-live': 'polite'});
  const form = el('form', {class: 'cc-form', novalidate: true}, input, add);
  const element = el('section', {class: 'ccs', id: 'ticket-ccs', 'aria-labelledby': 'ccs-title'},
    el('h2', {class: 'section-title', id: 'ccs-title'}, 'CC'),
    el('p', {class: 'muted small'}, 'Copied on public replies; they may answer by mail.'),
    list, form, error);

  async function save(ccs) {
    error.textContent = '';
    try {
      const saved = await patch(path, {version: ticket.version, ccs});
      onSaved(saved);
      toast(`${saved.ref}: CCs saved`);
      return true;
    } catch (err) {
      if (err.status === 409) {
        error.textContent = 'Someone else changed the ticket; reload it and try again.';
      } else {
        error.textContent = (err.fieldErrors && err.fieldErrors[0] && err.fieldErrors[0].message) || err.message;
      }
      return false;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const address = input.value.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      error.textContent = 'Enter an email address.';
      input.focus();
      return;
    }
    const current = (ticket.ccs || []).map((c) => ({email: c.email, name: c.name || ''}));
    if (current.some((c) => c.email === address)) {
      input.value = '';
      return;
    }
    add.disabled = true;
    if (await save([...current, {email: address, name: ''}])) input.value = '';
    add.disabled = false;
  });

  function update(t) {
    // a live ticket.updated carries no ccs (they are read with GET): keep the ones we have
    ticket = t.ccs === undefined && ticket && ticket.id === t.id ? {...t, ccs: ticket.ccs} : t;
    t = ticket;
    const ccs = t.ccs || [];
    list.replaceChildren(...(ccs.length ? ccs.map((cc) => el('li', {class: 'cc-item', dataset: {email: cc.email}},
      el('span', {class: 'cc-name'}, cc.name ? `${cc.name} <${cc.email}>` : cc.email),
      el('button', {type: 'button', class: 'chip-remove', 'aria-label': `Remove ${cc.email}`,
        onclick: () => save(ccs.filter((x) => x.email !== cc.email))}, '×')))
      : [el('li', {class: 'muted small cc-none'}, 'No CCs.')]));
  }

  return {element, update};
}
