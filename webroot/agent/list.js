// Ticket list (#/): GET /api/tickets?limit=50&sort=-updated&q=...&preset=..., "Load more"
// with nextCursor, j/k selection, Enter opens, x selects for a bulk change (bulk.js).
// Each row is tr[data-ref][data-id].
//
// Live (shared/live.js, the page's one socket, topic `tickets`): ticket.updated replaces the
// row's cells in place (the tr, its checkbox and focus stay) with a brief highlight;
// ticket.deleted removes the row (and from the selection). Since only the server knows the
// filter grammar, any ticket event (and a resync) also schedules a quiet refresh: the first
// page is asked again (same q/preset/sort, limit = rows loaded, at most 200) after a short
// debounce and the rows are reconciled by id — rows that left go, new ones slide in at their
// sorted place highlighted, moved ones move — without rebuilding the table, so the
// selection, the keyboard cursor, focus and scroll position survive. #list-live-status
// shows the connection.
import {get} from '../shared/api.js';
import {sharedLive} from '../shared/live.js';
import {liveStatus} from '../shared/live-ui.js';
import {el, options, replace} from '../shared/dom.js';
import {label, timeEl, statusPill, priorityPill, formatCount} from '../shared/format.js';
import {slaBadge, dueMarker} from '../shared/sla.js';
import {createBulk} from './bulk.js';
import {markPreset, refreshPresets} from './presets.js';
import {markView} from './views.js';
import {createListPresence} from './list-presence.js';
import {DEFAULT_SORT, remembered, hashFor} from './nav.js';

const PAGE = 50;
const REFRESH_MAX = 200;      // rows asked again by a quiet refresh
const REFRESH_DEBOUNCE_MS = 300;
const REFRESH_MAX_WAIT_MS = 1500; // a steady stream of events still refreshes this often
const FLASH_MS = 2500;
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
  const bulk = createBulk({q, preset, sort, rows, getItems: () => state.items, getTotal: () => state.total,
    onDone: () => {
      refreshPresets();
      app.navigate(hashFor(q, sort, preset));
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
    app.navigate('#/tickets/' + encodeURIComponent(ref));
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
      for (const ticket of items) rows.appendChild(row(ticket, bulk));
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
      if ((refresh.pending || refresh.again) && state.loaded) {
        refresh.again = false;
        scheduleRefresh();
      }
    }
  }

  // ---------- live ----------

  const refresh = {timer: null, since: 0, running: false, again: false, pending: false}; // pending: events came before the list loaded
  const flashTimers = new Set();
  document.documentElement.classList.add('has-live-list'); // we keep the scroll position ourselves

  const stopTickets = live.subscribe('tickets', onLiveFrame);
  let lastStatus = null;
  const stopStatus = live.onStatus((status) => {
    // Events between the page's load and the socket's first subscription are not replayed.
    if (status === 'live' && lastStatus !== null && lastStatus !== 'live') scheduleRefresh();
    lastStatus = status;
  });

  function onLiveFrame(frame) {
    if (frame.type === 'resync') {
      scheduleRefresh(0);
      return;
    }
    if (frame.type !== 'event' || !String(frame.kind || '').startsWith('ticket.')) return;
    const data = frame.data || {};
    if (frame.kind === 'ticket.updated') updateRow(data);
    else if (frame.kind === 'ticket.deleted') removeTicket(data);
    // Whether it (still) matches the filter and where it sorts, only the server knows.
    scheduleRefresh();
  }

  function scheduleRefresh(delay = REFRESH_DEBOUNCE_MS) {
    if (!state.loaded) {
      refresh.pending = true;
      return;
    }
    refresh.pending = false;
    const now = Date.now();
    if (!refresh.timer) refresh.since = now;
    clearTimeout(refresh.timer);
    refresh.timer = setTimeout(runRefresh, Math.max(0, Math.min(delay, refresh.since + REFRESH_MAX_WAIT_MS - now)));
  }

  async function runRefresh() {
    refresh.timer = null;
    if (refresh.running || state.loading) {
      refresh.again = true;
      return;
    }
    refresh.running = true;
    try {
      const limit = Math.min(REFRESH_MAX, Math.max(PAGE, state.items.length));
      const page = await get('/api/tickets', {q, preset, view, sort: apiSort, limit}, {signal: controller.signal});
      if (!controller.signal.aborted) reconcile(page, limit);
    } catch (err) {
      if (err.name !== 'AbortError' && err.status !== 401) console.warn('list refresh failed', err);
    } finally {
      refresh.running = false;
      if (refresh.again && !controller.signal.aborted) {
        refresh.again = false;
        scheduleRefresh();
      }
    }
  }

  /** The rows as the server now has them (first `limit` of them), reconciled by id in place. */
  function reconcile(page, limit) {
    const fresh = (page && page.items) || [];
    let items = fresh;
    let nextCursor = page ? page.nextCursor || null : null;
    if (state.items.length > limit) {
      // Rows loaded beyond the refreshed window stay as they are, and so does the cursor.
      const known = new Set(fresh.map((t) => t.id));
      items = fresh.concat(state.items.slice(limit).filter((t) => !known.has(t.id)));
      nextCursor = state.nextCursor;
    }

    const before = new Map(state.items.map((t) => [t.id, t]));
    const trs = new Map([...rows.querySelectorAll('tr[data-id]')].map((tr) => [Number(tr.dataset.id), tr]));
    const cursorRow = rows.querySelector('tr.is-selected');
    const cursorIndex = state.selected;
    const active = document.activeElement;
    const hadFocus = rows.contains(active);
    const keep = new Set(items.map((t) => t.id));
    const anchor = scrollAnchor(keep);

    const gone = [];
    for (const [id, tr] of trs) {
      if (keep.has(id)) continue;
      gone.push(id);
      tr.remove();
      trs.delete(id);
    }
    const added = [];
    const changed = [];
    const desired = items.map((ticket) => {
      let tr = trs.get(ticket.id);
      if (!tr) {
        tr = row(ticket, bulk);
        added.push(tr);
        return tr;
      }
      const old = before.get(ticket.id);
      if (!old || JSON.stringify(old) !== JSON.stringify(ticket)) {
        patchRow(tr, ticket);
        if (!old || old.version !== ticket.version) changed.push(tr);
      }
      return tr;
    });
    placeRows(desired);

    state.items = items;
    state.nextCursor = nextCursor;
    state.total = page && typeof page.total === 'number' ? page.total : items.length;
    state.estimate = Boolean(page && page.totalIsEstimate);
    if (gone.length) bulk.forget(gone);

    // The keyboard cursor stays on its ticket; if that went, on its neighbour.
    const all = [...rows.querySelectorAll('tr[data-ref]')];
    if (cursorRow && cursorRow.isConnected) {
      state.selected = all.indexOf(cursorRow);
    } else if (cursorRow) {
      state.selected = -1;
      if (all.length) select(Math.min(cursorIndex, all.length - 1), {focus: hadFocus, scroll: false});
    }
    if (hadFocus && active.isConnected && document.activeElement !== active) active.focus({preventScroll: true});
    keepScroll(anchor);

    added.forEach((tr) => flash(tr, 'is-fresh'));
    changed.forEach((tr) => flash(tr, 'is-changed'));
    afterChange();
  }

  /** Puts the rows in this order, moving as few as possible (those off the longest kept run). */
  function placeRows(desired) {
    const position = new Map(desired.map((tr, i) => [tr, i]));
    const current = [...rows.children].filter((tr) => position.has(tr));
    const stable = longestIncreasing(current, (tr) => position.get(tr));
    let next = null;
    for (let i = desired.length - 1; i >= 0; i--) {
      const tr = desired[i];
      if (!stable.has(tr)) rows.insertBefore(tr, next);
      next = tr;
    }
  }

  /** A ticket changed: its row's cells (not the row, nor its checkbox) are replaced. */
  function updateRow(ticket) {
    if (typeof ticket.id !== 'number') return;
    const index = state.items.findIndex((t) => t.id === ticket.id);
    if (index < 0) return;
    const old = state.items[index];
    if (typeof old.version === 'number' && typeof ticket.version === 'number' && ticket.version <= old.version) return;
    state.items[index] = ticket;
    const tr = rows.querySelector(`tr[data-id="${ticket.id}"]`);
    if (!tr) return;
    patchRow(tr, ticket);
    flash(tr, 'is-changed');
  }

  function patchRow(tr, ticket) {
    const active = document.activeElement;
    const focusedCell = tr.contains(active) && active !== tr ? active.closest('td') : null;
    const replaced = focusedCell && focusedCell !== tr.firstElementChild ? focusedCell.className : null;
    const cells = [...row(ticket, bulk).children].slice(1); // the checkbox cell stays
    while (tr.lastElementChild && tr.lastElementChild !== tr.firstElementChild) tr.lastElementChild.remove();
    tr.append(...cells);
    tr.dataset.ref = ticket.ref;
    if (replaced) {
      const again = tr.querySelector(`td[class="${replaced}"] a, td[class="${replaced}"] button`);
      if (again) again.focus({preventScroll: true});
    }
  }

  function removeTicket(data) {
    const index = state.items.findIndex((t) => (typeof data.id === 'number' ? t.id === data.id : t.ref === data.ref));
    if (index < 0) return;
    const [ticket] = state.items.splice(index, 1);
    const tr = rows.querySelector(`tr[data-id="${ticket.id}"]`);
    const wasCursor = tr && tr.classList.contains('is-selected');
    const hadFocus = tr && tr.contains(document.activeElement);
    if (tr) tr.remove();
    bulk.forget([ticket.id]);
    state.total = Math.max(0, state.total - 1);
    if (wasCursor) {
      state.selected = -1;
      if (state.items.length) select(Math.min(index, state.items.length - 1), {focus: hadFocus, scroll: false});
    } else if (state.selected > index) {
      state.selected -= 1;
    }
    afterChange();
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

  function flash(tr, name) {
    tr.classList.remove('is-fresh', 'is-changed');
    void tr.offsetWidth; // restart the animation
    tr.classList.add(name);
    const timer = setTimeout(() => {
      flashTimers.delete(timer);
      tr.classList.remove(name);
    }, FLASH_MS);
    flashTimers.add(timer);
  }

  /** The first row on screen that stays, and where it is now (none at the very top: new rows show there). */
  function scrollAnchor(keep) {
    if (window.scrollY <= 0) return null;
    for (const tr of rows.children) {
      if (!keep.has(Number(tr.dataset.id))) continue;
      const top = tr.getBoundingClientRect().top;
      if (tr.getBoundingClientRect().bottom > 0) return {tr, top};
    }
    return null;
  }

  function keepScroll(anchor) {
    if (!anchor || !anchor.tr.isConnected) return;
    const delta = anchor.tr.getBoundingClientRect().top - anchor.top;
    if (delta) window.scrollBy(0, delta);
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
    if (q || preset) {
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

  load(null);
  const rowPresence = createListPresence(rows, live, app.user);

  return {
    unmount() {
      rowPresence.stop();
      controller.abort();
      stopTickets();
      stopStatus();
      connection.stop();
      clearTimeout(refresh.timer);
      flashTimers.forEach(clearTimeout);
      refresh.pending = false;
      document.documentElement.classList.remove('has-live-list');
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

function row(ticket, bulk) {
  const href = '#/tickets/' + encodeURIComponent(ticket.ref);
  const requester = ticket.requester || {};
  return el('tr', {class: 'ticket-row', tabindex: '-1', dataset: {ref: ticket.ref, id: String(ticket.id)}},
    bulk.cell(ticket),
    el('td', {class: 'col-ref'}, el('a', {href, class: 'ticket-link'}, ticket.ref)),
    el('td', {class: 'col-subject'}, el('span', {class: 'subject-text'}, ticket.subject), matchLine(ticket.match)),
    el('td', {class: 'col-requester', title: requester.email || ''}, requester.name || requester.email || '—'),
    el('td', {class: 'col-status'}, statusPill(ticket.status)),
    el('td', {class: 'col-priority'}, priorityPill(ticket.priority)),
    el('td', {class: 'col-category'}, label(ticket.category)),
    el('td', {class: 'col-agent'}, ticket.assignee
      ? ticket.assignee.name
      : el('span', {class: 'muted'}, 'Unassigned')),
    slaCell(ticket),
    el('td', {class: 'col-updated'}, timeEl(ticket.updatedAt)));
}

/** Why a ticket matched free words outside its subject: "in a message: …snippet…". */
function matchLine(match) {
  if (!match || match.field === 'subject') return null;
  const where = {description: 'in the description', message: 'in the conversation', requester: 'requester'}[match.field]
    || match.field;
  return el('span', {class: 'match-snippet'}, where + ': ', match.snippet);
}

/** The items whose key(item) form the longest increasing run, as a Set (patience sorting). */
function longestIncreasing(list, key) {
  const tails = []; // index into list of the smallest tail of a run of each length
  const prev = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const k = key(list[i]);
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key(list[tails[mid]]) < k) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  }
  const run = new Set();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) run.add(list[i]);
  return run;
}

/** The SLA countdown (ticking by itself, see shared/sla.js) and the agent-set due date. */
function slaCell(ticket) {
  return el('td', {class: 'col-sla'}, el('span', {class: 'sla-cell'}, slaBadge(ticket.sla), dueMarker(ticket)));
}
