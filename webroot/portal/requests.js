// "My requests": GET /api/tickets as the requester (the API returns only their
// own tickets), shown as a short list: ul#request-list > li[data-ref], each a
// link to #/requests/{ref} with the subject, the status in plain words and when
// it last changed.
import {get, itemsOf} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {timeEl} from '../shared/format.js';

const WORDS = {
  open: 'We are working on it',
  in_progress: 'We are working on it',
  pending: 'Waiting for you',
  on_hold: 'On hold',
  resolved: 'Solved',
  closed: 'Solved',
};

/** A status in the words a requester understands. */
export function statusWords(status) {
  return WORDS[status] || 'We are working on it';
}

/** The class that colours a status word: working, waiting, hold, solved. */
function tone(status) {
  if (status === 'pending') return 'waiting';
  if (status === 'on_hold') return 'hold';
  if (status === 'resolved' || status === 'closed') return 'solved';
  return 'working';
}

/** <span class="status-word …"> with an icon-like dot and the words. */
export function statusBadge(status, {id} = {}) {
  return el('span', {class: ['status-word', 'tone-' + tone(status)], id, dataset: {status}},
    el('span', {class: 'status-dot', 'aria-hidden': 'true'}), statusWords(status));
}

export const requestHash = (ref) => '#/requests/' + encodeURIComponent(ref);

/**
 * list: the <ul id="request-list">; empty: shown instead when there are none.
 * Returns {load(), setActive(ref), update(ticket), remove(ref), count()}.
 */
export function createRequestList(list, empty) {
  let items = [];
  let active = null;
  let loading = null;
  const fresh = new Set(); // refs just added live: highlighted for a moment

  function item(t) {
    return el('li', {dataset: {ref: t.ref, status: t.status},
      class: [t.ref === active ? 'is-active' : null, fresh.has(t.ref) ? 'is-fresh' : null]},
      el('a', {href: requestHash(t.ref), class: 'request-link',
        'aria-current': t.ref === active ? 'page' : null},
      el('span', {class: 'request-subject'}, t.subject),
      el('span', {class: 'request-meta'},
        statusBadge(t.status),
        el('span', {class: 'request-ref'}, t.ref),
        el('span', {class: 'request-updated'}, 'updated ', timeEl(t.updatedAt)))));
  }

  function render() {
    replace(list, items.map(item));
    list.hidden = items.length === 0;
    empty.hidden = items.length !== 0;
  }

  async function load() {
    if (loading) return loading;
    loading = (async () => {
      try {
        const page = await get('/api/tickets', {sort: '-updated', limit: 50});
        items = itemsOf(page);
        render();
      } catch (err) {
        if (err.status === 401) return;
        replace(list, el('li', {class: 'request-error', role: 'alert'}, 'Could not load your requests: ' + err.message));
        list.hidden = false;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  function setActive(ref) {
    active = ref;
    for (const li of list.querySelectorAll('li[data-ref]')) {
      const on = li.dataset.ref === ref;
      li.classList.toggle('is-active', on);
      const a = li.querySelector('a');
      if (on) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  /** A ticket changed (or is new): put it at the top with its new status. */
  function update(ticket, {highlight = false} = {}) {
    if (!ticket || !ticket.ref) return;
    const known = items.find((t) => t.ref === ticket.ref);
    // Live events may come in any order with the answers of the page's own requests.
    if (known && typeof known.version === 'number' && typeof ticket.version === 'number' &&
        ticket.version < known.version) return;
    if (highlight && !known) {
      fresh.add(ticket.ref);
      setTimeout(() => {
        fresh.delete(ticket.ref);
        list.querySelector(`li[data-ref="${CSS.escape(ticket.ref)}"]`)?.classList.remove('is-fresh');
      }, 2500);
    }
    items = [ticket, ...items.filter((t) => t.ref !== ticket.ref)];
    render();
  }

  /** A ticket is gone (deleted): take it out. */
  function remove(ref) {
    if (!items.some((t) => t.ref === ref)) return;
    items = items.filter((t) => t.ref !== ref);
    render();
  }

  return {load, setActive, update, remove, count: () => items.length};
}
