// The header of the ticket page: back link, ref and subject, the pills (status,
// priority, the live SLA countdown, due date), the Merge… button, and the
// banners of a merged ticket ("Merged into TKT-009") or a follow-up
// ("Follow-up to TKT-003").
import {el, replace} from '../shared/dom.js';
import {label, statusPill, priorityPill} from '../shared/format.js';
import {slaBadge, dueMarker} from '../shared/sla.js';
import {listHash, ticketHash} from './nav.js';

/** Fills `head` for `ticket`; `onMerge` opens the merge dialog. */
export function renderHead(head, ticket, {onMerge}) {
  const merge = ticket.mergedInto ? null : el('button', {type: 'button', class: 'btn btn-small', id: 'merge-button',
    title: 'Merge this ticket into another (Shift+M)', 'aria-keyshortcuts': 'Shift+M'}, 'Merge…',
  el('kbd', {class: 'kbd-small', 'aria-hidden': 'true'}, '⇧M'));
  if (merge) merge.addEventListener('click', onMerge);
  replace(head,
    el('div', {class: 'ticket-head-top'},
      el('a', {href: listHash(), class: 'back-link'},
        el('span', {'aria-hidden': 'true'}, '← '), 'Tickets'),
      el('div', {class: 'ticket-head-actions'}, merge)),
    el('div', {class: 'ticket-title'},
      el('span', {class: 'ticket-ref mono', id: 'ticket-ref'}, ticket.ref),
      el('h1', {id: 'ticket-subject', tabindex: '-1'}, ticket.subject)),
    el('div', {class: 'ticket-badges'},
      statusPill(ticket.status), priorityPill(ticket.priority),
      ticket.sla ? slaBadge(ticket.sla, {prefix: 'SLA', id: 'ticket-sla'}) : null,
      dueMarker(ticket, {id: 'ticket-due'}),
      el('span', {class: 'chip'}, label(ticket.category)),
      (ticket.tags || []).map((t) => el('span', {class: 'chip chip-tag'}, '#' + t))),
    ticket.mergedInto ? el('p', {class: 'notice notice-info banner', id: 'merged-notice'},
      el('span', {class: 'banner-icon', 'aria-hidden': 'true'}, '⤳'), 'Merged into ',
      el('a', {href: ticketHash(ticket.mergedInto), id: 'merged-link'}, ticket.mergedInto),
      el('span', {class: 'muted'}, ' — its conversation continues there.')) : null,
    ticket.followUpOf ? el('p', {class: 'notice notice-info banner', id: 'follow-up-notice'},
      el('span', {class: 'banner-icon', 'aria-hidden': 'true'}, '↩'), 'Follow-up to ',
      el('a', {href: ticketHash(ticket.followUpOf), id: 'follow-up-link'}, ticket.followUpOf),
      el('span', {class: 'muted'}, ' — the requester wrote again after it was closed.')) : null);
}
