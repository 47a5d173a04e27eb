// The bell in the header (#bell, unread count in #bell-count) and its panel (#notification-panel):
// GET /api/notifications, newest first, unread marked; a click opens the ticket and marks it read;
// "Mark all read"; "Show older" (#notifications-older) pages on with the answer's nextCursor. The
// cursor is a notification id (the page holds those below it), so notifications that arrive live
// while older pages are shown go on top and move no page: none is shown twice or skipped. Live through the `notifications` topic of the page's socket: a new one counts
// up at once, and while the tab is hidden the browser's own notification shows it, if the agent
// allowed that ("Desktop alerts" in the panel asks).
import {get, post} from '../shared/api.js';
import {sharedLive} from '../shared/live.js';
import {el, replace} from '../shared/dom.js';
import {timeEl} from '../shared/format.js';
import {icon} from '../shared/icons.js';
import {openPreferences} from './notification-preferences.js';

const WHAT = {
  assigned: (n) => `${n.actor ? n.actor.name : 'Someone'} assigned you`,
  requester_replied: () => 'The requester replied',
  mentioned: (n) => `${n.actor ? n.actor.name : 'Someone'} mentioned you`,
  sla_approaching: () => 'SLA approaching',
  sla_breached: () => 'SLA breached',
};

let bell = null;
let badge = null;
let panel = null;
let listEl = null;
let olderButton = null;
let items = [];
let unread = 0;
let nextCursor = null; // null: the oldest is shown
const PAGE = 30;

export function startNotifications(app) {
  const session = document.querySelector('.topbar .session');
  if (!session || bell) return;
  badge = el('span', {class: 'bell-count', id: 'bell-count', hidden: true});
  bell = el('button', {type: 'button', class: 'btn btn-small icon-btn bell', id: 'bell', 'aria-haspopup': 'true',
    'aria-expanded': 'false', 'aria-controls': 'notification-panel', 'aria-label': 'Notifications'},
  icon('bell'), badge);
  listEl = el('ul', {class: 'notification-list', id: 'notification-list'});
  const markAll = el('button', {type: 'button', class: 'btn btn-small', id: 'notifications-read-all'},
    'Mark all read');
  const desktop = el('button', {type: 'button', class: 'btn btn-small', id: 'notifications-desktop',
    hidden: !('Notification' in window) || Notification.permission !== 'default'}, 'Desktop alerts');
  const prefs = el('button', {type: 'button', class: 'btn btn-small', id: 'notifications-preferences'},
    'Preferences');
  olderButton = el('button', {type: 'button', class: 'btn btn-small', id: 'notifications-older', hidden: true},
    'Show older');
  panel = el('div', {class: 'notification-panel', id: 'notification-panel', role: 'region',
    'aria-label': 'Notifications', hidden: true},
  el('div', {class: 'notification-head'}, el('h2', null, 'Notifications'), desktop, prefs, markAll), listEl,
  el('div', {class: 'notification-more'}, olderButton));
  session.insertBefore(bell, session.firstChild);
  bell.after(panel); // next in the Tab order after the bell, though drawn fixed under the header

  bell.addEventListener('click', () => toggle(!panel.hidden ? false : true));
  markAll.addEventListener('click', () => markRead({all: true}));
  olderButton.addEventListener('click', showOlder);
  prefs.addEventListener('click', () => {
    toggle(false);
    openPreferences();
  });
  desktop.addEventListener('click', async () => {
    await Notification.requestPermission();
    desktop.hidden = Notification.permission !== 'default';
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      toggle(false);
      bell.focus();
    }
  });
  document.addEventListener('click', (event) => {
    if (!panel.hidden && !panel.contains(event.target) && !bell.contains(event.target)) toggle(false);
  });
  listEl.addEventListener('click', (event) => {
    const item = event.target.closest('li[data-id]');
    if (!item) return;
    event.preventDefault();
    const n = items.find((x) => String(x.id) === item.dataset.id);
    if (n && !n.readAt) markRead({ids: [n.id]});
    toggle(false);
    app.navigate('#/tickets/' + encodeURIComponent(item.dataset.ref));
  });

  sharedLive().subscribe('notifications', (frame) => {
    if (frame.type === 'resync') {
      load();
      return;
    }
    if (frame.kind !== 'notification.created' || items.some((x) => x.id === frame.data.id)) return;
    items.unshift(frame.data);
    unread += 1;
    render();
    if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
      const n = frame.data;
      new Notification(`${n.ticket.ref}: ${WHAT[n.kind] ? WHAT[n.kind](n) : n.kind}`,
        {body: n.ticket.subject, tag: 'helpdesk-' + n.id});
    }
  });
  load();
}

function toggle(open) {
  panel.hidden = !open;
  bell.setAttribute('aria-expanded', String(open));
  if (open) load();
}

/**
 * The newest page, merged with what the panel holds: older pages already shown stay (a resync or
 * opening the panel again does not take them away), and notifications that arrived live after the
 * page was read stay on top, counted as unread on top of the page's count.
 */
async function load() {
  try {
    const page = await get('/api/notifications', {limit: PAGE});
    const fresh = page.items || [];
    const newest = fresh.length ? fresh[0].id : 0;
    const oldest = fresh.length ? fresh[fresh.length - 1].id : Infinity;
    const later = items.filter((n) => n.id > newest);
    const older = page.nextCursor ? items.filter((n) => n.id < oldest) : [];
    items = [...later, ...fresh, ...older];
    unread = (page.unread || 0) + later.filter((n) => !n.readAt).length;
    if (!older.length) nextCursor = page.nextCursor || null;
    render();
  } catch {
    // the bell stays as it was; the next event or opening tries again
  }
}

/** The next page below the oldest shown. The unread count is not the page's to change. */
async function showOlder() {
  if (!nextCursor || olderButton.disabled) return;
  olderButton.disabled = true;
  olderButton.textContent = 'Loading…';
  const before = items.length;
  try {
    const page = await get('/api/notifications', {limit: PAGE, cursor: nextCursor});
    const known = new Set(items.map((n) => n.id));
    items = items.concat((page.items || []).filter((n) => !known.has(n.id)));
    nextCursor = page.nextCursor || null;
    olderButton.textContent = 'Show older';
  } catch {
    olderButton.textContent = 'Show older (failed; try again)';
  }
  olderButton.disabled = false;
  render();
  if (olderButton.hidden && panel.contains(document.activeElement) === false) {
    // the button went away under the keyboard: go on with the first of the page it loaded
    const link = listEl.children[before] && listEl.children[before].querySelector('a');
    if (link) link.focus();
  }
}

async function markRead(body) {
  try {
    const answer = await post('/api/notifications/read', body);
    const now = new Date().toISOString();
    for (const n of items) {
      if (body.all || body.ids.includes(n.id)) n.readAt = n.readAt || now;
    }
    unread = answer.unread;
    render();
  } catch {
    // shown as unread still; nothing lost
  }
}

function render() {
  olderButton.hidden = !nextCursor;
  badge.hidden = unread === 0;
  badge.textContent = unread > 99 ? '99+' : String(unread);
  bell.setAttribute('aria-label', unread ? `Notifications, ${unread} unread` : 'Notifications');
  if (!items.length) {
    replace(listEl, el('li', {class: 'notification-empty muted'},
      'Nothing yet. You hear here when a ticket is assigned to you, its requester replies, its SLA runs out,'
      + ' or someone mentions you in a note.'));
    return;
  }
  replace(listEl, ...items.map((n) => el('li', {class: ['notification', n.readAt ? null : 'is-unread'],
    dataset: {id: String(n.id), ref: n.ticket.ref}},
  el('a', {href: '#/tickets/' + encodeURIComponent(n.ticket.ref), class: 'notification-link'},
    el('span', {class: 'notification-what'}, n.readAt ? null : el('span', {class: 'visually-hidden'}, 'Unread: '),
      (WHAT[n.kind] ? WHAT[n.kind](n) : n.kind)),
    el('span', {class: 'notification-ticket'}, `${n.ticket.ref} · ${n.ticket.subject}`),
    timeEl(n.createdAt)))));
}
