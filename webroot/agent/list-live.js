// The ticket list, live (shared/live.js, the page's one socket, topic `tickets`):
// ticket.updated replaces the row's cells in place with a brief highlight;
// ticket.deleted removes the row (and from the selection). Since only the server
// knows the filter grammar, any ticket event (and a resync, or the socket coming
// back) also schedules a quiet refresh: the first page is asked again (limit = rows
// loaded, at most 200) after a short debounce (at most 1.5 s under a steady stream)
// and the rows are reconciled by id in place (list-reconcile.js).
//
// createListLive({live, rows, state, bulk, fetchFirst, select, afterChange}) shares
// the page's `state` ({items, nextCursor, total, estimate, selected, loading, loaded});
// the page calls loaded() when a load ends and stop() when it unmounts.
import {createRowReconciler} from './list-reconcile.js';

const PAGE = 50;
const REFRESH_MAX = 200; // rows asked again by a quiet refresh
const REFRESH_DEBOUNCE_MS = 300;
const REFRESH_MAX_WAIT_MS = 1500; // a steady stream of events still refreshes this often

export function createListLive({live, rows, state, bulk, fetchFirst, select, afterChange}) {
  const refresh = {timer: null, since: 0, running: false, again: false, pending: false}; // pending: events came before the list loaded
  const {reconcile, updateRow, removeTicket, stop: stopFlashing} = createRowReconciler({rows, state, bulk, select,
    afterChange});
  const controller = new AbortController();
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
      const page = await fetchFirst(limit, controller.signal);
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

  return {
    /** A load of the list ended: events that came meanwhile are caught up now. */
    loaded() {
      if ((refresh.pending || refresh.again) && state.loaded) {
        refresh.again = false;
        scheduleRefresh();
      }
    },
    stop() {
      controller.abort();
      stopTickets();
      stopStatus();
      clearTimeout(refresh.timer);
      stopFlashing();
      refresh.pending = false;
      document.documentElement.classList.remove('has-live-list');
    },
  };
}
