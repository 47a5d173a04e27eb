// The header search bar: the token query as chips, the word being typed in the input,
// and suggestions below it: token names first, then values (statuses, agents by name,
// tags in use, requesters), a day picker for created:/updated:/due:.
// Keyboard: arrows move through suggestions, Enter takes one (or runs the query),
// Backspace in the empty input removes the last chip, Esc closes the list.
import {get, itemsOf} from '../shared/api.js';
import {el, debounce} from '../shared/dom.js';
import {STATUSES, PRIORITIES, CATEGORIES, CHANNELS, SLA_STATES, label} from '../shared/format.js';
import {loadStaff} from './people.js';

const TOKENS = [
  ['status:', 'open, pending, in progress…'],
  ['priority:', 'urgent, high, medium, low'],
  ['agent:', 'me, none, or an agent'],
  ['tag:', 'tags in use'],
  ['category:', 'billing, technical…'],
  ['channel:', 'email, web, phone…'],
  ['requester:', 'a requester’s email'],
  ['created:', 'a day or a range'],
  ['updated:', 'a day or a range'],
  ['due:', 'a day or a range'],
  ['sla:', 'ok, approaching, breached…'],
];
const ENUMS = {status: STATUSES, priority: PRIORITIES, category: CATEGORIES, channel: CHANNELS, sla: SLA_STATES};
const DATE_TOKENS = new Set(['created', 'updated', 'due']);

/** Splits a query into tokens on whitespace outside double quotes (as the server does). */
export function splitTokens(q) {
  const tokens = [];
  let current = '';
  let quoted = false;
  for (const c of String(q || '')) {
    if (c === '"') quoted = !quoted;
    if (!quoted && /\s/.test(c)) {
      if (current) tokens.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

export function createSearchBar({form, input, onSubmit}) {
  const chips = el('span', {class: 'search-chips', id: 'search-chips'});
  const list = el('ul', {class: 'search-suggestions', id: 'search-suggestions', role: 'listbox',
    'aria-label': 'Suggestions', hidden: true});
  input.before(chips);
  form.appendChild(list);
  form.classList.add('has-chips');
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');
  input.type = 'text';

  let tokens = [];
  let options = [];
  let active = -1;
  let requestId = 0;
  let suggestedFor = null; // the text the shown suggestions are for
  let userMoved = false; // an arrow key chose a suggestion

  function query() {
    const typed = input.value.trim();
    return tokens.concat(typed ? splitTokens(typed) : []).join(' ');
  }

  function setQuery(q) {
    tokens = splitTokens(q);
    if (document.activeElement !== input) input.value = '';
    renderChips();
  }

  function renderChips() {
    chips.replaceChildren(...tokens.map((token, i) => {
      const remove = el('button', {type: 'button', class: 'search-chip-remove', 'aria-label': `Remove ${token}`,
        tabindex: '-1'}, '×');
      remove.addEventListener('click', (event) => {
        event.preventDefault();
        tokens.splice(i, 1);
        renderChips();
        submit();
      });
      const text = el('span', {class: 'search-chip-text', title: 'Click to edit'}, token);
      text.addEventListener('click', () => {
        tokens.splice(i, 1);
        renderChips();
        input.value = token;
        input.focus();
        suggest();
      });
      return el('span', {class: ['search-chip', token.startsWith('-') ? 'is-negated' : null],
        dataset: {token}}, text, remove);
    }));
    input.placeholder = tokens.length ? 'Add a filter…' : 'Filter tickets, e.g. status:open printer';
  }

  /** The typed text becomes chips (if it is whole tokens). */
  function commitTyped() {
    const typed = input.value.trim();
    if (!typed) return false;
    tokens = tokens.concat(splitTokens(typed));
    input.value = '';
    renderChips();
    return true;
  }

  function submit() {
    commitTyped();
    // the focus stays in the field: suggestions still on their way must not reopen the list
    suggestSoon.cancel();
    requestId++;
    close();
    onSubmit(query());
  }

  function close() {
    list.hidden = true;
    list.replaceChildren();
    options = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function show(items, extra) {
    options = items;
    active = items.length ? 0 : -1;
    suggestedFor = input.value;
    userMoved = false;
    list.replaceChildren(...items.map((item, i) => {
      const li = el('li', {class: 'search-option', role: 'option', id: `search-option-${i}`,
        dataset: {insert: item.insert}},
        el('span', {class: 'search-option-label'}, item.label),
        item.hint ? el('span', {class: 'search-option-hint'}, item.hint) : null);
      li.addEventListener('mousedown', (event) => {
        event.preventDefault(); // keep the focus in the input
        take(item);
      });
      return li;
    }), extra || ''); // replaceChildren would write null as the text "null"
    list.hidden = items.length === 0 && !extra;
    input.setAttribute('aria-expanded', String(!list.hidden));
    markActive();
  }

  function markActive() {
    [...list.querySelectorAll('.search-option')].forEach((li, i) => {
      li.classList.toggle('is-active', i === active);
      li.setAttribute('aria-selected', String(i === active));
      if (i === active) {
        input.setAttribute('aria-activedescendant', li.id);
        li.scrollIntoView({block: 'nearest'});
      }
    });
  }

  function take(item) {
    if (item.complete) {
      input.value = item.insert;
      commitTyped();
      close();
      input.focus();
      suggest();
    } else {
      input.value = item.insert;
      input.focus();
      suggest();
    }
  }

  async function suggest() {
    const id = ++requestId;
    const typed = input.value;
    const negated = typed.startsWith('-') ? '-' : '';
    const body = negated ? typed.slice(1) : typed;
    const colon = body.indexOf(':');
    if (colon < 0) {
      const word = body.toLowerCase();
      const names = TOKENS.filter(([name]) => name.startsWith(word))
        .map(([name, hint]) => ({label: negated + name, hint, insert: negated + name}));
      if (body.trim() && !body.includes('"')) {
        // a free word is a whole word anywhere in the ticket; * asks for the words it begins
        names.push({label: `${typed}`, hint: 'the word, anywhere', insert: typed, complete: true});
        if (!body.endsWith('*') && body.trim().length > 1) {
          names.push({label: `${typed}*`, hint: 'words beginning so', insert: `${typed}*`, complete: true});
        }
      }
      show(names);
      return;
    }
    const name = body.slice(0, colon).toLowerCase();
    const values = body.slice(colon + 1);
    const comma = values.lastIndexOf(',');
    const chosen = comma >= 0 ? values.slice(0, comma + 1) : '';
    const partial = (comma >= 0 ? values.slice(comma + 1) : values).toLowerCase();
    const prefix = negated + name + ':' + chosen;
    const option = (value, text, hint) => ({label: text || value, hint, insert: prefix + value, complete: true});
    if (ENUMS[name]) {
      show(ENUMS[name].filter((v) => v.startsWith(partial) && !chosen.split(',').includes(v))
        .map((v) => option(v, label(v), name + ':' + v)));
    } else if (name === 'agent') {
      let staff = [];
      try {
        staff = await loadStaff();
      } catch {
        staff = [];
      }
      if (id !== requestId) return;
      const fixed = [option('me', 'Me', 'assigned to you'), option('none', 'Nobody', 'unassigned')]
        .filter((o) => o.insert.endsWith(partial) || o.label.toLowerCase().startsWith(partial));
      const people = staff.filter((u) => (u.name || '').toLowerCase().includes(partial)
          || (u.email || '').toLowerCase().startsWith(partial))
        .slice(0, 8).map((u) => option(u.email, u.name, u.email));
      show(fixed.concat(people));
    } else if (name === 'tag' || name === 'tags') {
      const tags = await fetchList('/api/tags', {q: partial, limit: 10});
      if (id !== requestId) return;
      show(tags.map((t) => option(t.name.includes(' ') ? `"${t.name}"` : t.name, t.name, `${t.count} recent`)));
    } else if (name === 'requester') {
      const people = partial.length < 2 ? [] : await fetchList('/api/contacts', {q: partial, limit: 8});
      if (id !== requestId) return;
      show(people.filter((c) => c.email).map((c) => option(c.email, c.name, c.email)));
    } else if (DATE_TOKENS.has(name)) {
      show(dayShortcuts(prefix), datePicker(prefix));
    } else {
      show([]);
    }
  }

  async function fetchList(path, params) {
    try {
      return itemsOf(await get(path, params));
    } catch {
      return [];
    }
  }

  function dayShortcuts(prefix) {
    const day = (offset) => new Date(Date.now() - offset * 86400000).toISOString().slice(0, 10);
    return [
      {label: 'Today', hint: day(0), insert: prefix + day(0), complete: true},
      {label: 'Last 7 days', hint: day(6) + '..', insert: prefix + day(6) + '..', complete: true},
      {label: 'Last 30 days', hint: day(29) + '..', insert: prefix + day(29) + '..', complete: true},
    ];
  }

  /** From / to day inputs; either may stay empty for an open end. */
  function datePicker(prefix) {
    const from = el('input', {type: 'date', id: 'search-date-from', class: 'search-date'});
    const to = el('input', {type: 'date', id: 'search-date-to', class: 'search-date'});
    const apply = el('button', {type: 'button', class: 'btn btn-small', id: 'search-date-apply'}, 'Add');
    apply.addEventListener('click', () => {
      if (!from.value && !to.value) return;
      const value = from.value && to.value && from.value === to.value ? from.value
        : `${from.value}..${to.value}`;
      input.value = prefix + value;
      commitTyped();
      close();
      input.focus();
    });
    return el('li', {class: 'search-date-picker', role: 'presentation'},
      el('label', {for: from.id}, 'From'), from, el('label', {for: to.id}, 'to'), to, apply);
  }

  const suggestSoon = debounce(suggest, 120);

  input.addEventListener('input', () => {
    const value = input.value;
    userMoved = false;
    // a space outside quotes ends a token: it becomes a chip
    if (/\s$/.test(value) && (value.match(/"/g) || []).length % 2 === 0) {
      commitTyped();
    }
    suggestSoon();
  });
  input.addEventListener('focus', () => suggest());
  input.addEventListener('blur', () => setTimeout(() => {
    if (!form.contains(document.activeElement)) close();
  }, 150));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && options.length) {
      event.preventDefault();
      active = (active + 1) % options.length;
      userMoved = true;
      markActive();
    } else if (event.key === 'ArrowUp' && options.length) {
      event.preventDefault();
      active = (active - 1 + options.length) % options.length;
      userMoved = true;
      markActive();
    } else if (event.key === 'Tab' && !event.shiftKey && active >= 0 && input.value) {
      event.preventDefault();
      take(options[active]);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const typed = input.value.trim();
      const item = suggestedFor === input.value && !list.hidden && active >= 0 ? options[active] : null;
      // Enter takes the highlighted suggestion (pri → priority:, status:op → status:open);
      // when that is the typed text itself ("in the subject") or nothing is highlighted, it
      // runs the query. The focus stays in the field either way, so the next keys type
      // rather than fire shortcuts.
      if (item && typed && (userMoved || item.insert !== typed)) {
        take(item);
      } else {
        submit();
        input.focus();
      }
    } else if (event.key === 'Backspace' && input.value === '' && tokens.length) {
      event.preventDefault();
      tokens.pop();
      renderChips();
      submit();
      input.focus();
    } else if (event.key === 'Escape' && !list.hidden) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  chips.addEventListener('click', (event) => {
    if (event.target === chips) input.focus();
  });

  renderChips();
  return {setQuery, query, focus: () => input.focus(), input};
}
