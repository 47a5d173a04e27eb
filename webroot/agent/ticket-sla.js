// The SLA panel of the ticket page: the live badge, first response (due or
// answered, and whether in time), resolution due, time paused, and the
// agent-set due date with its overdue marker. Times relative, exact on hover.
import {el} from '../shared/dom.js';
import {timeEl} from '../shared/format.js';
import {slaBadge, dueMarker, duration} from '../shared/sla.js';

const DONE = new Set(['resolved', 'closed']);

function firstResponse(sla) {
  if (sla.firstRespondedAt) {
    const late = sla.firstResponseDueAt && Date.parse(sla.firstRespondedAt) > Date.parse(sla.firstResponseDueAt);
    return [el('span', null, 'answered '), timeEl(sla.firstRespondedAt), ' ',
      el('span', {class: late ? 'sla-late' : 'sla-in-time'}, late ? '(late)' : '(in time ✓)')];
  }
  const missed = sla.firstResponseDueAt && Date.parse(sla.firstResponseDueAt) <= Date.now();
  return [missed ? el('span', {class: 'sla-late'}, 'missed: ') : null,
    timeEl(sla.firstResponseDueAt, {prefix: 'due ', empty: '—'})];
}

function resolution(ticket, sla) {
  if (DONE.has(ticket.status)) return [el('span', null, 'was due '), timeEl(sla.resolutionDueAt)];
  return timeEl(sla.resolutionDueAt, {prefix: 'due ', empty: '—'});
}

/**
 * Agrees with the state: a paused clock says since when and for how long (business time
 * counted so far); a running one gives the total of earlier pauses, never "paused".
 */
function pausedText(sla) {
  const seconds = Number(sla.pausedSeconds) || 0;
  const attrs = {id: 'sla-paused', title: `${seconds} seconds in total`};
  if (sla.state === 'paused') {
    const total = seconds > 0 ? ` (${duration(seconds)} counted in total)` : '';
    return el('span', attrs, 'paused ',
      sla.pausedSince ? timeEl(sla.pausedSince) : 'now', total);
  }
  return el('span', attrs, seconds > 0 ? `${duration(seconds)} in earlier pauses` : 'none');
}

/** The panel for a ticket (rebuilt on every new version of the ticket). */
export function slaPanel(ticket) {
  const sla = ticket.sla;
  if (!sla) {
    return el('section', {class: 'sla-panel', id: 'sla-panel', 'aria-labelledby': 'sla-panel-title'},
      el('h2', {class: 'section-title', id: 'sla-panel-title'}, 'SLA'),
      el('p', {class: 'muted'}, 'No SLA for this ticket.'));
  }
  const rows = [
    ['State', slaBadge(sla, {prefix: 'SLA', id: 'sla-panel-badge'})],
    ['First response', firstResponse(sla)],
    ['Resolution', resolution(ticket, sla)],
    ['Paused', pausedText(sla)],
    ['Due date', dueMarker(ticket, {id: 'sla-due'}) || el('span', {class: 'muted'}, 'none set')],
  ];
  return el('section', {class: 'sla-panel', id: 'sla-panel', 'aria-labelledby': 'sla-panel-title'},
    el('h2', {class: 'section-title', id: 'sla-panel-title'}, 'SLA'),
    el('dl', {class: 'facts sla-facts'},
      rows.map(([term, value]) => [el('dt', null, term), el('dd', null, value)])));
}
