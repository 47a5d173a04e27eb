// The audit trail of a ticket (GET /api/tickets/{ref}/history, staff only):
// "Alice changed priority Medium → Urgent · 3 min ago", newest first. Two lists:
//   SLA history: the watcher's announcements ("SLA turned approaching"), and the
//                changes that move the clock (paused / resumed, re-targeted);
//   History:     every field change by people (and by the desk itself, e.g. auto-close).
import {get} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {label, timeEl, exactTime} from '../shared/format.js';

const SHOWN = 8; // History rows shown before "Show all"
const PAUSING = new Set(['pending', 'on_hold']);
const RUNNING = new Set(['open', 'in_progress']);
const FIELD_WORDS = {dueAt: 'due date', mergedInto: 'merged into', assignee: 'agent'};
const ENUMS = new Set(['status', 'priority', 'category', 'channel']);

/** A value as people read it. */
function value(field, v) {
  if (v === null || v === undefined || v === '') {
    return field === 'assignee' ? 'nobody' : 'none';
  }
  if (ENUMS.has(field) || field === 'sla') return label(v);
  if (field === 'dueAt') return exactTime(v) || v;
  if (field === 'subject') return `“${v}”`;
  return String(v);
}

function actorName(change) {
  return (change.actor && change.actor.name) || 'Help desk';
}

/** The words of one change, without the time. */
export function describeChange(c) {
  if (c.field === 'sla') return `SLA turned ${String(c.to || '').replace(/_/g, ' ')}`;
  const who = actorName(c);
  if (c.field === 'description') return `${who} changed the description`;
  if (c.field === 'requester') return `${who} changed the requester`;
  if (c.field === 'mergedInto') {
    return c.to ? `${who} merged this ticket into ${c.to}` : `${who} undid the merge into ${c.from}`;
  }
  const word = FIELD_WORDS[c.field] || label(c.field).toLowerCase();
  return `${who} changed ${word} ${value(c.field, c.from)} → ${value(c.field, c.to)}`;
}

/** The SLA meaning of a change, or null when it does not touch the clock. */
function slaMeaning(c) {
  if (c.field === 'sla') return {text: describeChange(c), state: c.to};
  if (c.field === 'status') {
    if (PAUSING.has(c.to) && !PAUSING.has(c.from)) {
      return {text: `Clock paused: status ${value('status', c.to)} (${actorName(c)})`, state: 'paused'};
    }
    if (RUNNING.has(c.to) && PAUSING.has(c.from)) {
      return {text: `Clock resumed: status ${value('status', c.to)} (${actorName(c)})`, state: 'ok'};
    }
    if (c.to === 'resolved' || c.to === 'closed') {
      return {text: `Clock stopped: ${value('status', c.to).toLowerCase()} (${actorName(c)})`, state: 'met'};
    }
    if (c.from === 'closed' || c.from === 'resolved') {
      return {text: `Clock restarted: reopened (${actorName(c)})`, state: 'ok'};
    }
  }
  if (c.field === 'priority') {
    return {text: `Re-targeted: priority ${value('priority', c.from)} → ${value('priority', c.to)}`, state: null};
  }
  return null;
}

function item(text, at, {state, id} = {}) {
  return el('li', {class: ['history-item', state ? 'history-sla-' + state : null], id},
    state ? el('span', {class: 'history-dot', 'aria-hidden': 'true'}) : null,
    el('span', {class: 'history-text'}, text),
    el('span', {class: 'history-sep', 'aria-hidden': 'true'}, ' · '),
    timeEl(at));
}

/** {element, load(), clear()}: the "SLA history" and "History" sections of a ticket page. */
export function createHistory({path, signal}) {
  const slaList = el('ol', {class: 'history-list', id: 'sla-history', reversed: true});
  const list = el('ol', {class: 'history-list', id: 'history', reversed: true});
  const more = el('button', {type: 'button', class: 'btn-link small', id: 'history-more', hidden: true});
  const status = el('p', {class: 'muted small', id: 'history-status'}, 'Loading history…');
  let changes = [];
  let expanded = false;

  const element = el('section', {class: 'history-section', 'aria-labelledby': 'sla-history-title'},
    el('h2', {class: 'section-title', id: 'sla-history-title'}, 'SLA history'),
    slaList,
    el('h2', {class: 'section-title', id: 'history-title'}, 'History'),
    status,
    list,
    more);

  more.addEventListener('click', () => {
    expanded = !expanded;
    render();
  });

  function render() {
    const newest = [...changes].reverse();
    const slaRows = newest.map((c) => ({c, meaning: slaMeaning(c)})).filter((r) => r.meaning);
    replace(slaList, slaRows.length
      ? slaRows.map(({c, meaning}) => item(meaning.text, c.at, {state: meaning.state}))
      : el('li', {class: 'history-empty muted'}, 'No SLA warnings or pauses yet.'));
    // The watcher's announcements are in the SLA history only.
    const fields = newest.filter((c) => c.field !== 'sla');
    const shown = expanded ? fields : fields.slice(0, SHOWN);
    replace(list, shown.map((c) => item(describeChange(c), c.at)));
    status.textContent = fields.length ? '' : 'No changes since the ticket was created.';
    status.hidden = fields.length > 0;
    more.hidden = fields.length <= SHOWN;
    more.textContent = expanded ? 'Show fewer' : `Show all ${fields.length} changes`;
  }

  async function load() {
    try {
      const data = await get(path + '/history', undefined, {signal});
      changes = Array.isArray(data) ? data : [];
      render();
    } catch (err) {
      if (err.name === 'AbortError' || err.status === 401) return;
      status.hidden = false;
      status.textContent = 'Could not load the history: ' + err.message;
    }
  }

  return {element, load};
}
