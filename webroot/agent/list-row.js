// One row of the ticket list: tr[data-ref][data-id] with the bulk checkbox cell
// first (bulk.js), then ref, subject (and why it matched), requester, status,
// priority, category, agent, SLA countdown with the due date, and updated.
import {el} from '../shared/dom.js';
import {label, timeEl, statusPill, priorityPill} from '../shared/format.js';
import {slaBadge, dueMarker} from '../shared/sla.js';
import {ticketHash} from './nav.js';

export function ticketRow(ticket, bulk) {
  const href = ticketHash(ticket.ref);
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

/** The SLA countdown (ticking by itself, see shared/sla.js) and the agent-set due date. */
function slaCell(ticket) {
  return el('td', {class: 'col-sla'}, el('span', {class: 'sla-cell'}, slaBadge(ticket.sla), dueMarker(ticket)));
}
