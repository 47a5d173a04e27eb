// Ticket list (#/): GET /api/tickets?limit=50&sort=-updated&q=...&preset=..., "Load more"
// with nextCursor, j/k selection, Enter opens, x selects for a bulk change (bulk.js).
// Each row is tr[data-ref][data-id] (list-row.js).
//
// Live: rows update in place and the list reconciles itself with the server after any
// ticket event (list-live.js); who is on each ticket shows beside its subject
// (list-presence.js). #list-live-status shows the connection.
import {get} from '../shared/api.js';
import {sharedLive} from '../shared/live.js';
import {liveStatus} from '../shared/live-ui.js';
import {el, options, replace} from '../shared/dom.js';
import {formatCount} from '../shared/format.js';
import {createBulk} from './bulk.js';
import {markPreset, refreshPresets} from './presets.js';
import {markView} from './views.js';
import {createListPresence} from './list-presence.js';
import {createListLive} from './list-live.js';
import {ticketRow} from './list-row.js';
import {DEFAULT_SORT, remembered, hashFor, ticketHash} from './nav.js';

const PAGE = 50;
const SORTS = [
  ['-updated', 'Recently updated'],
  ['updated', 'Least recently updated'],
  ['-created', 'Newest'],
  ['created', 'Oldest'],
  ['priority', 'Priority'],
  ['due', 'Due date'],
  ['sla', 'SLA'],
];

export function mount(root, {app, query}) {
  const q = query.get('q') || '';
  const sort = query.get('sort') || DEFAULT_SORT;
  const preset = query.get('preset') || null;
  // a saved view (?view=ID): the server applies its query, and its sort unless one is chosen here
  const view = query.get('view') || undefined;
  const apiSort = view && !query.get('sort') ? undefined : sort;
  markView(view);
  remembered.sort = sort;
  remembered.preset = preset;
  markPreset(preset);
  app.setSearch(q);
  app.setTitle('Tickets');

  const state = {items: [], nextCursor: null, total: 0, estimate: false, selected: -1, loading: false,
    loaded: false};
  const controller = new AbortController();

  const count = el('span', {class: 'list-count muted', id: 'list-count', 'aria-live': 'polite'});
  const live = sharedLive();
  const connection = liveStatus(live, {id: 'list-live-status'});
  const sortSelect = el('select', {id: 'sort', class: 'sort-select', 'aria-label': 'Sort tickets'}, options(SORTS, sort));
  const rows = el('tbody', {id: 'ticket-rows'});
  const bulk = createBulk({q, preset, view, sort, rows, getItems: () => state.items, getTotal: () => state.total,
    onDone: () => {
      refreshPresets();
      app.navigate(view ? location.hash : hashFor(q, sort, preset)); // a view stays shown
    }});
  const table = el('table', {class: 'ticket-table', id: 'ticket-table'},
    el('caption', {class: 'visually-hidden'}, 'Tickets. Use j and k to move, Enter to open.'),
    el('thead', null, el('tr', null, bulk.headerCell,
      ['Ref', 'Subject', 'Requester', 'Status', 'Priority', 'Category', 'Agent', 'SLA', 'Updated']
        .map((h) => el('th', {scope: 'col', class: 'col-' + h.toLowerCase()}, h)))),
    rows);
  const message = el('div', {class: 'list-message', id: 'list-message'});
  const loadMore = el('button', {type: 'button', class: 'btn', id: 'load-more', hidden: true}, 'Load more');
  const footer = el('div', {class: 'list-footer'}, loadMore);

  const presetLink = preset && document.getElementById('preset-' + preset);
  const viewLink = view && document.getElementById('view-' + view);
  const filterBar = q || preset || view
    ? el('div', {class: 'filter-bar', id: 'filter-bar'},
      el('span', null, 'Filtered by '),
      view ? el('span', {class: 'filter-q', id: 'filter-view'}, 'view ',
        viewLink ? viewLink.firstChild.textContent : '#' + view) : null,
      view && (q || preset) ? ' and ' : null,
      preset ? el('span', {class: 'filter-q'}, presetLink ? presetLink.firstChild.textContent : preset) : null,
      preset && q ? ' and ' : null, q ? el('code', {class: 'filter-q'}, q) : null, ' ',
      el('a', {href: hashFor('', sort, null), class: 'btn btn-small', id: 'clear-filter'}, 'Clear filter'))
    : null;

  root.append(el('section', {class: 'view view-list', 'aria-labelledby': 'view-title'},
    el('div', {class: 'view-head'},
      el('div', {class: 'view-title-row'},
        el('h1', {id: 'view-title', tabindex: '-1'}, 'Tickets'), count, connection.element),
      el('div', {class: 'toolbar'},
        el('label', {for: 'sort', class: 'toolbar-label'}, 'Sort'), sortSelect,
        el('a', {href: '#/new', class: 'btn btn-primary', id: 'new-ticket'},
          'New ticket', el('kbd', {class: 'kbd-on-accent', 'aria-hidden': 'true'}, 'c')))),
    filterBar,
    bulk.bar,
    el('div', {class: 'table-wrap'}, table),
    message,
    footer));

  sortSelect.addEventListener('change', () => app.navigate(view
    ? '#/?view=' + encodeURIComponent(view) + '&sort=' + encodeURIComponent(sortSelect.value)
    : hashFor(q, sortSelect.value, preset)));
  loadMore.addEventListener('click', () => load(state.nextCursor));
  rows.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-ref]');
    if (!row || event.target.closest('a, .col-select')) return; // links navigate, checkboxes select
    if (String(window.getSelection() || '').length > 0) return; // selecting text, not opening
    open(row.dataset.ref);
  });
  rows.addEventListener('keydown', (event) => {
    const row = event.target.closest('tr[data-ref]');
    if (row && event.target === row && event.key === 'Enter') {
      event.preventDefault();
      open(row.dataset.ref);
    }
  });

  function open(ref) {
    remembered.ref = ref;
    app.navigate(ticketHash(ref));
  }

  async function load(cursor) {
    if (state.loading) return;
    state.loading = true;
    loadMore.disabled = true;
    if (!cursor) replace(message, el('p', {class: 'loading'}, 'Loading tickets…'));
    else loadMore.textContent = 'Loading…';
    try {
      const page = await get('/api/tickets', {q, preset, view, sort: apiSort, limit: PAGE, cursor}, {signal: controller.signal});
      let items = (page && page.items) || [];
      if (cursor) {
        // a live refresh may have brought some of them already
        const known = new Set(state.items.map((t) => t.id));
        items = items.filter((t) => !known.has(t.id));
      }
      state.items = cursor ? state.items.concat(items) : items;
      state.nextCursor = page ? page.nextCursor || null : null;
      state.total = page && typeof page.total === 'number' ? page.total : state.items.length;
      state.estimate = Boolean(page && page.totalIsEstimate);
      for (const ticket of items) rows.appendChild(ticketRow(ticket, bulk));
      message.replaceChildren();
      if (!cursor) restoreSelection();
      renderCount();
      bulk.render();
      if (state.items.length === 0) renderEmpty();
      state.loaded = true;
    } catch (err) {
      if (err.name === 'AbortError' || err.status === 401) return;
      renderError(err, cursor);
    } finally {
      state.loading = false;
      loadMore.disabled = false;
      loadMore.textContent = 'Load more';
      loadMore.hidden = !state.nextCursor;
      listLive.loaded();
    }
  }

  function afterChange() {
    renderCount();
    bulk.render();
    loadMore.hidden = !state.nextCursor;
    if (state.items.length === 0) {
      renderEmpty();
    } else if (table.classList.contains('is-empty')) {
      table.classList.remove('is-empty');
      message.replaceChildren();
    }
  }

  function renderCount() {
    const shown = formatCount(state.items.length);
    const total = (state.estimate ? 'about ' : '') + formatCount(state.total);
    count.textContent = state.items.length < state.total
      ? `${shown} of ${total}`
      : `${total} ${state.total === 1 ? 'ticket' : 'tickets'}`;
  }

  function renderEmpty() {
    table.classList.add('is-empty');
    if (view && !q && !preset) {
      replace(message, el('div', {class: 'empty-state', id: 'empty-state'},
        el('h2', null, 'No tickets in this view'),
        el('p', null, 'Tickets show up here as soon as they match it; its count in the sidebar keeps up.'),
        el('a', {href: hashFor('', sort, null), class: 'btn'}, 'All tickets')));
    } else if (q || preset || view) {
      replace(message, el('div', {class: 'empty-state', id: 'empty-state'},
        el('h2', null, 'No tickets match this filter'),
        el('p', null, 'Check the spelling, remove a token, or clear the filter to see every ticket.'),
        el('a', {href: hashFor(''), class: 'btn'}, 'Clear filter')));
    } else {
      replace(message, el('div', {class: 'empty-state', id: 'empty-state'},
        el('h2', null, 'No tickets yet'),
        el('p', null, 'When a customer writes in, their ticket shows up here. ' +
          'Taking a call? Create the ticket yourself.'),
        el('a', {href: '#/new', class: 'btn btn-primary'}, 'Create a ticket'),
        el('p', {class: 'muted small'}, 'Tip: press ', el('kbd', null, 'c'), ' anywhere to start a new ticket.')));
    }
  }

  function renderError(err, cursor) {
    const isFilterError = err.status === 400 && q;
    const retry = el('button', {type: 'button', class: 'btn'}, 'Try again');
    retry.addEventListener('click', () => load(cursor));
    replace(message, el('div', {class: 'notice', role: 'alert', id: 'list-error'},
      el('div', {class: 'notice-title'}, isFilterError ? 'This filter is not valid' : 'Could not load tickets'),
      err.fieldErrors.length
        ? el('ul', {class: 'problem-list'}, err.fieldErrors.map((e) => el('li', null, e.message)))
        : el('div', null, err.message),
      el('div', {class: 'notice-actions'},
        isFilterError ? el('a', {href: hashFor(''), class: 'btn'}, 'Clear filter') : retry)));
  }

  function restoreSelection() {
    const index = state.items.findIndex((t) => t.ref === remembered.ref);
    // Coming back from a ticket: the keyboard carries on where it was.
    if (index >= 0) select(index, {focus: true});
  }

  function select(index, {focus = true, scroll = true} = {}) {
    const all = rows.querySelectorAll('tr[data-ref]');
    if (all.length === 0) return;
    index = Math.max(0, Math.min(all.length - 1, index));
    if (state.selected >= 0 && all[state.selected]) all[state.selected].classList.remove('is-selected');
    state.selected = index;
    const current = all[index];
    current.classList.add('is-selected');
    remembered.ref = current.dataset.ref;
    if (scroll) current.scrollIntoView({block: 'nearest'});
    if (focus) current.focus({preventScroll: true});
  }

  const listLive = createListLive({live, rows, state, bulk, select, afterChange,
    fetchFirst: (limit, signal) => get('/api/tickets', {q, preset, view, sort: apiSort, limit}, {signal})});
  load(null);
  const rowPresence = createListPresence(rows, live, app.user);

  return {
    unmount() {
      rowPresence.stop();
      controller.abort();
      listLive.stop();
      connection.stop();
    },
    onKey(event) {
      const inList = event.target === document.body || event.target.matches('tr[data-ref]');
      if (event.key === 'j' || (event.key === 'ArrowDown' && inList)) {
        event.preventDefault();
        select(state.selected < 0 ? 0 : state.selected + 1);
        return true;
      }
      if (event.key === 'k' || (event.key === 'ArrowUp' && inList)) {
        event.preventDefault();
        select(state.selected < 0 ? 0 : state.selected - 1);
        return true;
      }
      if (event.key === 'x' && state.selected >= 0) {
        event.preventDefault();
        bulk.toggle(state.items[state.selected]);
        return true;
      }
      if (event.key === 'Enter' && state.selected >= 0 && !event.target.closest('a, button')) {
        event.preventDefault();
        open(state.items[state.selected].ref);
        return true;
      }
      return false;
    },
  };
}
