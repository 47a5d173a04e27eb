// The macro picker of a ticket (key m, or #macro-button): a dialog listing the macros one may use
// (shared and one's own), filtered as one types; Enter or a click applies the chosen one with
// POST /api/tickets/{ref}/macros/{id} {version}: its message and its changes in one go.
import {get, post} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';

/** Opens the picker; resolves with the changed ticket, or null when closed or failed. */
export function openMacroPicker({ticket}) {
  return new Promise((resolve) => {
    const filter = el('input', {type: 'search', id: 'macro-filter', autocomplete: 'off',
      'aria-controls': 'macro-list', placeholder: 'Type to filter macros'});
    const list = el('ul', {class: 'macro-list', id: 'macro-list', role: 'listbox', 'aria-label': 'Macros'});
    const error = el('div', {class: 'form-error', id: 'macro-error', role: 'alert'});
    const cancel = el('button', {type: 'button', class: 'btn'}, 'Cancel');
    const dialog = el('dialog', {id: 'macro-dialog', 'aria-labelledby': 'macro-title'},
      el('div', {class: 'dialog-body'},
        el('h2', {id: 'macro-title'}, `Apply a macro to ${ticket.ref}`),
        el('label', {for: 'macro-filter', class: 'visually-hidden'}, 'Filter macros'), filter, list, error,
        el('div', {class: 'dialog-actions'}, el('a', {href: '#/settings/macros', class: 'btn'}, 'Manage macros'),
          cancel)));
    document.body.appendChild(dialog);
    let macros = [];
    let shown = [];
    let selected = 0;
    let done = false;

    function finish(result) {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(result);
    }

    function render() {
      const words = filter.value.trim().toLowerCase();
      shown = macros.filter((m) => !words || m.title.toLowerCase().includes(words));
      selected = Math.min(selected, Math.max(0, shown.length - 1));
      if (!shown.length) {
        replace(list, el('li', {class: 'muted'}, macros.length ? 'No macro matches.'
          : 'No macros yet: add some under Settings → Macros.'));
        return;
      }
      replace(list, ...shown.map((m, i) => el('li', {role: 'option', id: 'macro-' + m.id,
        'aria-selected': String(i === selected), dataset: {id: String(m.id)}},
      el('strong', null, m.title), m.shared ? el('span', {class: 'muted'}, ' · shared') : null,
      m.message ? el('div', {class: 'muted'}, (m.message.type === 'note' ? 'Note: ' : 'Reply: ')
        + m.message.body.slice(0, 80)) : null)));
      filter.setAttribute('aria-activedescendant', 'macro-' + shown[selected].id);
    }

    async function apply(macro) {
      try {
        const t = await post(`/api/tickets/${encodeURIComponent(ticket.ref)}/macros/${macro.id}`,
          {version: ticket.version});
        finish(t);
      } catch (err) {
        replace(error, err.status === 409 ? 'Someone changed this ticket just now; it was reloaded. Apply again.'
          : err.message);
        if (err.status === 409) finish(null);
      }
    }

    filter.addEventListener('input', () => {
      selected = 0;
      render();
    });
    filter.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        selected = (selected + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % Math.max(1, shown.length);
        render();
      } else if (event.key === 'Enter') {
        event.preventDefault();
        if (shown[selected]) apply(shown[selected]);
      }
    });
    list.addEventListener('click', (event) => {
      const item = event.target.closest('li[data-id]');
      if (item) apply(macros.find((m) => String(m.id) === item.dataset.id));
    });
    cancel.addEventListener('click', () => finish(null));
    dialog.addEventListener('close', () => finish(null));
    dialog.showModal();
    filter.focus();
    get('/api/macros').then((all) => {
      macros = all || [];
      render();
    }).catch((err) => replace(error, err.message));
  });
}
