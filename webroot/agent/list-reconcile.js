// Reconciling the ticket list's rows with the server in place, for list-live.js:
// reconcile(page) puts the rows as the server now has them, by id — rows that left
// go, new ones slide in at their sorted place highlighted, changed ones are patched,
// moved ones move (as few as possible) — without rebuilding the table, so the
// selection, the keyboard cursor, focus and scroll position survive. updateRow()
// replaces one row's cells (the tr, its checkbox and focus stay); removeTicket()
// takes one out. The page's `state` ({items, nextCursor, total, estimate, selected})
// is updated; afterChange() re-renders the count and the empty state.
import {ticketRow} from './list-row.js';

const FLASH_MS = 2500;

export function createRowReconciler({rows, state, bulk, select, afterChange}) {
  const flashTimers = new Set();

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
        tr = ticketRow(ticket, bulk);
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
    const cells = [...ticketRow(ticket, bulk).children].slice(1); // the checkbox cell stays
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

  return {
    reconcile,
    updateRow,
    removeTicket,
    stop() {
      flashTimers.forEach(clearTimeout);
    },
  };
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
