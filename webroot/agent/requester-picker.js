// Requester picker: a combobox searching contacts (GET /api/contacts?q=) and
// users (GET /api/users?q=), a listbox driven by arrow keys + Enter, and an
// inline "Create contact" form (POST /api/contacts) that selects the new contact.
//
// Value: {type: 'contact'|'user', id, name, email} or null.
import {get, post, itemsOf} from '../shared/api.js';
import {el, debounce} from '../shared/dom.js';
import {field, clearErrors, showProblem} from '../shared/forms.js';
import {initials, label} from '../shared/format.js';

const MAX_CONTACTS = 8;
const MAX_USERS = 5;

export function createRequesterPicker({onChange = () => {}} = {}) {
  let value = null;
  let results = []; // [{kind: 'person', person} | {kind: 'create'}]
  let active = -1;
  let searchSeq = 0;

  const input = el('input', {
    type: 'text', id: 'requester-search', autocomplete: 'off', spellcheck: 'false',
    role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
    'aria-controls': 'requester-listbox', placeholder: 'Search contacts and users by name or email',
  });
  const listbox = el('ul', {id: 'requester-listbox', role: 'listbox', class: 'picker-list',
    'aria-label': 'Matching people', hidden: true});
  const status = el('span', {class: 'visually-hidden', 'aria-live': 'polite', id: 'requester-status'});
  const chosen = el('div', {class: 'picker-chosen', id: 'requester-selected', hidden: true});

  const nameInput = el('input', {type: 'text', id: 'new-contact-name', autocomplete: 'off'});
  const emailInput = el('input', {type: 'email', id: 'new-contact-email', autocomplete: 'off'});
  const createError = el('div', {class: 'form-error', id: 'new-contact-error', role: 'alert'});
  const createSave = el('button', {type: 'button', class: 'btn btn-primary btn-small', id: 'new-contact-save'},
    'Create contact');
  const createCancel = el('button', {type: 'button', class: 'btn btn-small', id: 'new-contact-cancel'}, 'Cancel');
  const createBox = el('div', {class: 'picker-create', id: 'new-contact', role: 'group',
    'aria-labelledby': 'new-contact-title', hidden: true},
    el('h3', {id: 'new-contact-title', class: 'picker-create-title'}, 'New contact'),
    createError,
    el('div', {class: 'picker-create-fields'},
      field('Name', nameInput),
      field('Email', emailInput)),
    el('div', {class: 'picker-create-actions'}, createSave, createCancel));

  const fieldEl = field('Requester', input, {
    hint: 'Type a name or email; pick with ↑ ↓ and Enter, or create a new contact.',
    className: 'picker',
  });
  // Listbox right under the input, the chosen person under that.
  input.after(el('div', {class: 'picker-anchor'}, listbox), status);
  fieldEl.querySelector('.hint').before(chosen);
  fieldEl.append(createBox);

  // ---------- search ----------
  const search = debounce(runSearch, 250);

  async function runSearch() {
    const q = input.value.trim();
    const seq = ++searchSeq;
    if (!q) {
      close();
      return;
    }
    const [contacts, users] = await Promise.allSettled([
      get('/api/contacts', {q, limit: 20}),
      get('/api/users', {q}),
    ]);
    if (seq !== searchSeq) return; // a newer search is under way
    const people = [];
    if (contacts.status === 'fulfilled') {
      for (const c of itemsOf(contacts.value).slice(0, MAX_CONTACTS)) people.push({...c, type: 'contact'});
    }
    if (users.status === 'fulfilled') {
      // /api/users may ignore q: filter here as well.
      const needle = q.toLowerCase();
      const matching = itemsOf(users.value).filter((u) =>
        String(u.name || '').toLowerCase().includes(needle) || String(u.email || '').toLowerCase().includes(needle));
      for (const u of matching.slice(0, MAX_USERS)) people.push({...u, type: 'user'});
    }
    const failed = [contacts, users].find((r) => r.status === 'rejected');
    showResults(people, failed && people.length === 0 ? failed.reason : null);
  }

  function showResults(people, error) {
    results = people.map((person) => ({kind: 'person', person}));
    results.push({kind: 'create'});
    active = people.length > 0 ? 0 : -1;
    const items = [];
    if (error) items.push(el('li', {class: 'picker-empty', role: 'presentation'}, 'Search failed: ' + error.message));
    else if (people.length === 0) items.push(el('li', {class: 'picker-empty', role: 'presentation'}, 'No one matches.'));
    results.forEach((result, index) => items.push(optionEl(result, index)));
    listbox.replaceChildren(...items);
    open();
    highlight();
    status.textContent = people.length === 0
      ? 'No matches. Create contact is available.'
      : `${people.length} ${people.length === 1 ? 'match' : 'matches'}. Use up and down arrows to choose.`;
  }

  function optionEl(result, index) {
    const attrs = {role: 'option', id: 'requester-opt-' + index, class: 'picker-option', 'aria-selected': 'false',
      dataset: {index: String(index)}};
    if (result.kind === 'create') {
      const q = input.value.trim();
      return el('li', {...attrs, class: 'picker-option picker-option-create', dataset: {index: String(index), action: 'create'}},
        el('span', {class: 'picker-plus', 'aria-hidden': 'true'}, '+'),
        el('span', null, q ? `Create contact “${q}”…` : 'Create contact…'));
    }
    const p = result.person;
    attrs.dataset.type = p.type;
    attrs.dataset.id = String(p.id);
    return el('li', attrs,
      el('span', {class: 'avatar', 'aria-hidden': 'true'}, initials(p.name || p.email)),
      el('span', {class: 'picker-option-text'},
        el('span', {class: 'picker-name'}, p.name || p.email),
        el('span', {class: 'picker-meta'}, [p.email, p.company].filter(Boolean).join(' · '))),
      el('span', {class: 'chip picker-kind'}, p.type === 'contact' ? 'Contact' : label(p.role || 'user')));
  }

  function open() {
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function highlight() {
    for (const node of listbox.querySelectorAll('[role="option"]')) {
      const on = Number(node.dataset.index) === active;
      node.setAttribute('aria-selected', on ? 'true' : 'false');
      node.classList.toggle('is-active', on);
      if (on) {
        input.setAttribute('aria-activedescendant', node.id);
        node.scrollIntoView({block: 'nearest'});
      }
    }
    if (active < 0) input.removeAttribute('aria-activedescendant');
  }

  function choose(index) {
    const result = results[index];
    if (!result) return;
    if (result.kind === 'create') openCreate();
    else select(result.person);
  }

  // ---------- selection ----------
  function select(person) {
    value = person ? {type: person.type, id: person.id, name: person.name, email: person.email} : null;
    close();
    if (value) {
      input.value = value.name || value.email || '';
      chosen.replaceChildren(
        el('span', {class: 'picker-check', 'aria-hidden': 'true'}, '✓'),
        el('span', null, 'Selected: '),
        el('strong', null, value.name || value.email),
        el('span', {class: 'muted'}, ` · ${value.type === 'contact' ? 'Contact' : 'User'}` +
          (value.email ? ` · ${value.email}` : '')));
      chosen.hidden = false;
      input.removeAttribute('aria-invalid');
      const err = document.getElementById('requester-search-error');
      if (err) err.textContent = '';
    } else {
      chosen.hidden = true;
      chosen.replaceChildren();
    }
    onChange(value);
  }

  // ---------- inline create ----------
  function openCreate() {
    const q = input.value.trim();
    close();
    clearErrors(createBox, createError);
    nameInput.value = q.includes('@') ? '' : q;
    emailInput.value = q.includes('@') ? q : '';
    createBox.hidden = false;
    (nameInput.value ? emailInput : nameInput).focus();
  }

  function closeCreate({focusInput = true} = {}) {
    createBox.hidden = true;
    if (focusInput) input.focus();
  }

  async function saveContact() {
    clearErrors(createBox, createError);
    const body = {name: nameInput.value.trim(), email: emailInput.value.trim()};
    if (!body.name || !body.email) {
      if (!body.name) showFieldMessage('new-contact-name', 'Enter a name.');
      if (!body.email) showFieldMessage('new-contact-email', 'Enter an email address.');
      (body.name ? emailInput : nameInput).focus();
      return;
    }
    createSave.disabled = true;
    try {
      const contact = await post('/api/contacts', body);
      closeCreate({focusInput: false});
      select({...contact, type: 'contact'});
      input.focus();
    } catch (err) {
      const first = showProblem(err, {name: 'new-contact-name', email: 'new-contact-email'}, createError);
      (first || nameInput).focus();
    } finally {
      createSave.disabled = false;
    }
  }

  function showFieldMessage(id, message) {
    document.getElementById(id).setAttribute('aria-invalid', 'true');
    document.getElementById(id + '-error').textContent = message;
  }

  // ---------- events ----------
  input.addEventListener('input', () => {
    if (value) select(null); // typing again drops the previous choice
    search();
  });
  input.addEventListener('keydown', (event) => {
    const count = results.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (listbox.hidden) {
        if (input.value.trim()) { search.cancel(); runSearch(); }
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      active = active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count;
      highlight();
    } else if (event.key === 'Enter') {
      if (!listbox.hidden) {
        event.preventDefault(); // never submit the ticket form from here
        if (active >= 0) choose(active);
      }
    } else if (event.key === 'Escape') {
      if (!listbox.hidden) {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    } else if (event.key === 'Tab') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(() => {
    if (!fieldEl.contains(document.activeElement)) close();
  }, 150));
  listbox.addEventListener('mousedown', (event) => event.preventDefault()); // keep focus in the input
  listbox.addEventListener('click', (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) choose(Number(option.dataset.index));
  });
  createSave.addEventListener('click', saveContact);
  createCancel.addEventListener('click', () => closeCreate());
  createBox.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target.matches('input')) {
      event.preventDefault();
      saveContact();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      closeCreate();
    }
  });

  return {
    element: fieldEl,
    input,
    getValue: () => value,
    /** {type, id} as the API wants it, or null. */
    getReference: () => (value ? {type: value.type, id: value.id} : null),
    setValue: (person) => select(person),
    focus: () => input.focus(),
  };
}
