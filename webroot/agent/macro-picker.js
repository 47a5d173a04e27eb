// The macro picker of a ticket (key m, or #macro-button): a dialog listing the macros one may use
// (shared and one's own), filtered as one types; Enter or a click applies the chosen one with
// POST /api/tickets/{ref}/macros/{id} {version}: its message and its changes in one go.
import {get, post} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';

/**
 * Opens the picker; resolves with the changed ticket, or null when closed. {@code getTicket}
 * answers the ticket as the page shows it now (live updates move its version on while the picker
 * is open). A ticket changed elsewhere (409) keeps the picker open and says so: the macro was
 * not applied, and Enter applies it to the ticket as it is now.
 */
export function openMacroPicker({ticket, getTicket = () => ticket}) {
  return new Promise((resolve) => {
    const filter = el('input', {type: 'search', id: 'macro-filter', autocomplete: 'off',
      'aria-controls': 'macro-list', placeholder: 'Type to filter macros'});
    const list = el('ul', {class: 'macro-list', id: 'macro-list', role: 'listbox', 'aria-label': 'Macros'});
    const error = el('div', {class: 'form-error', id: 'macro-error', role: 'alert'});
    const cancel = el('button', {type: 'button', class: 'btn'}, 'Cancel');
    const manage = el('a', {href: '#/settings/macros', class: 'btn', id: 'macro-manage'}, 'Manage macros');
    const dialog = el('dialog', {id: 'macro-dialog', 'aria-labelledby': 'macro-title'},
      el('div', {class: 'dialog-body'},
        el('h2', {id: 'macro-title'}, `Apply a macro to ${ticket.ref}`),
        el('label', {for: 'macro-filter', class: 'visually-hidden'}, 'Filter macros'), filter, list, error,
        el('div', {class: 'dialog-actions'}, manage, cancel)));
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

    let version = null; // the version read after a conflict, newer than the page's
    async function apply(macro) {
      const now = getTicket() || ticket;
      try {
        const t = await post(`/api/tickets/${encodeURIComponent(ticket.ref)}/macros/${macro.id}`,
          {version: Math.max(version || 0, now.version)});
        finish(t);
      } catch (err) {
        if (err.status !== 409) {
          replace(error, err.message);
          return;
        }
        const fresh = await get(`/api/tickets/${encodeURIComponent(ticket.ref)}`).catch(() => null);
        if (fresh) version = fresh.version;
        replace(error, `"${macro.title}" was not applied: someone changed ${ticket.ref} just now.`
          + ' Press Enter to apply it to the ticket as it is now, or Cancel.');
        filter.focus();
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
    manage.addEventListener('click', () => finish(null)); // the link goes on to Settings; the modal must not stay
    dialog.addEventListener('close', () => finish(null));
    dialog.showModal();
    filter.focus();
    get('/api/macros').then((all) => {
      macros = all || [];
      render();
    }).catch((err) => replace(error, err.message));
  });
}
