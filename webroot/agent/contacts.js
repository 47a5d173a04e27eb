// Contacts directory (#/contacts, staff): search and page through contacts, edit one,
// see its tickets (the list filtered by requester), merge a duplicate into another.
import {get, patch, post} from '../shared/api.js';
import {el, replace, debounce} from '../shared/dom.js';
import {field, clearErrors, showProblem} from '../shared/forms.js';
import {toast, confirmDialog} from '../shared/ui.js';
import {hashFor} from './nav.js';
import {page, loadError} from './team-common.js';

export function mount(root, {app}) {
  app.setTitle('Contacts');
  const q = el('input', {type: 'search', id: 'contacts-q', placeholder: 'Name, email or company', autocomplete: 'off'});
  const body = page(root, {id: 'contacts', title: 'Contacts', intro: 'The people who ask for help',
    actions: [el('label', {for: 'contacts-q', class: 'visually-hidden'}, 'Search contacts'), q]});
  const detail = el('div', {id: 'contact-detail'});
  let items = [];
  let next = null;
  let seq = 0;

  async function load(more = false) {
    const mine = ++seq;
    try {
      const params = {q: q.value.trim() || undefined, limit: 25};
      if (more && next) params.cursor = next;
      const data = await get('/api/contacts', params);
      if (mine !== seq) return;
      items = more ? [...items, ...data.items] : data.items;
      next = data.nextCursor;
      render();
    } catch (err) {
      if (err.status !== 401) loadError(body, err, () => load());
    }
  }

  function render() {
    const list = items.length === 0
      ? el('p', {class: 'empty'}, q.value ? 'No contact matches. Try part of a name or an address.'
        : 'No contacts yet. They appear when someone writes in or a ticket is opened for them.')
      : el('ul', {class: 'contact-list', id: 'contact-list'}, items.map((c) => el('li', null,
        el('button', {type: 'button', class: 'contact-item', dataset: {contactId: String(c.id)}, onclick: () => open(c.id)},
          el('span', {class: 'contact-name'}, c.name), el('span', {class: 'muted small'}, c.email),
          c.company ? el('span', {class: 'muted small'}, c.company) : null))));
    replace(body, el('div', {class: 'contacts-layout'},
      el('div', null, list, next ? el('button', {type: 'button', class: 'btn', id: 'contacts-more',
        onclick: () => load(true)}, 'Show more') : null),
      detail));
  }

  async function open(id) {
    try {
      showDetail(await get(`/api/contacts/${id}`));
    } catch (err) {
      toast(err.message);
    }
  }

  function showDetail(c) {
    const name = el('input', {id: 'contact-name', type: 'text', value: c.name, required: true});
    const email = el('input', {id: 'contact-email', type: 'email', value: c.email, required: true});
    const phone = el('input', {id: 'contact-phone', type: 'text', value: c.phone || ''});
    const company = el('input', {id: 'contact-company', type: 'text', value: c.company || ''});
    const error = el('div', {class: 'form-error', role: 'alert'});
    const form = el('form', {class: 'team-card', id: 'contact-form', novalidate: true},
      el('h2', null, c.name),
      el('p', null, el('a', {href: hashFor(`requester:${c.email}`), id: 'contact-tickets'},
        `${c.tickets.open} open of ${c.tickets.total} tickets`)),
      field('Name', name), field('Email', email), field('Phone', phone), field('Company', company), error,
      el('div', {class: 'form-actions'}, el('button', {type: 'submit', class: 'btn btn-primary', id: 'contact-save'}, 'Save')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form, error);
      try {
        const saved = await patch(`/api/contacts/${c.id}`, {name: name.value.trim(), email: email.value.trim(),
          phone: phone.value.trim(), company: company.value.trim()});
        items = items.map((x) => (x.id === c.id ? saved : x));
        render();
        showDetail(saved);
        toast('Contact saved');
      } catch (err) {
        showProblem(err, {name: 'contact-name', email: 'contact-email', phone: 'contact-phone',
          company: 'contact-company'}, error);
      }
    });
    const into = el('input', {id: 'merge-into', type: 'search', placeholder: 'Email of the contact to keep',
      autocomplete: 'off'});
    const mergeError = el('div', {class: 'form-error', role: 'alert'});
    const merge = el('form', {class: 'team-card', id: 'merge-form'},
      el('h2', null, 'Merge into another contact'),
      el('p', {class: 'muted'}, `Every ticket of ${c.name} (and every CC) moves to the other contact; this one is removed.`),
      field('Keep', into), mergeError,
      el('div', {class: 'form-actions'}, el('button', {type: 'submit', class: 'btn', id: 'merge-submit'}, 'Merge')));
    merge.addEventListener('submit', async (event) => {
      event.preventDefault();
      mergeError.textContent = '';
      try {
        const found = (await get('/api/contacts', {q: into.value.trim(), limit: 2})).items
          .filter((x) => x.id !== c.id);
        if (found.length !== 1) {
          mergeError.textContent = found.length ? 'Several contacts match: type the whole address.' : 'No other contact matches.';
          return;
        }
        const ok = await confirmDialog({title: `Merge ${c.name} into ${found[0].name}?`,
          message: `${c.tickets.total} tickets move to ${found[0].name} <${found[0].email}>; ${c.email} is removed.`,
          confirmLabel: 'Merge', danger: true, id: 'merge-dialog'});
        if (!ok) return;
        const result = await post(`/api/contacts/${c.id}/merge`, {into: found[0].id});
        toast(`${result.ticketsMoved} tickets moved to ${found[0].name}`);
        items = items.filter((x) => x.id !== c.id);
        render();
        open(found[0].id);
      } catch (err) {
        mergeError.textContent = err.message;
      }
    });
    replace(detail, form, merge);
    name.focus();
  }

  q.addEventListener('input', debounce(() => load(), 250));
  load();
  return {};
}
