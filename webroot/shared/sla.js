// SLA badges and due-date markers that keep themselves current.
//
//   slaBadge(ticket.sla)            "▲ Approaching 0:23 left" (list rows)
//   slaBadge(ticket.sla, {prefix: 'SLA'})   "SLA approaching 0:23 left" (ticket page)
//   dueMarker(ticket)               "Due in 3 days" / "⚠ Overdue 2 h"
//
// While a ticket's clock runs the server sends approachingAt and breachAt: the
// moments its state turns approaching and breached. One shared once-a-second
// ticker re-renders every badge on the page and flips ok → approaching →
// breached locally at exactly those moments, without asking the server. A
// badge whose state flips fires a bubbling `slachange` event ({state, previous}).
// The state is always written as a word too, never colour alone; the exact
// times are in the title (hover).
import {el} from './dom.js';
import {exactTime, relativeTime} from './format.js';

const WORDS = {ok: 'OK', approaching: 'Approaching', breached: 'Breached', paused: 'Paused', met: 'Met'};
const ICONS = {ok: '●', approaching: '▲', breached: '!', paused: '❚❚', met: '✓'};
const RANK = {ok: 0, approaching: 1, breached: 2};
const DONE = new Set(['resolved', 'closed']);

const slaOf = new WeakMap(); // badge → {sla, prefix}
const dueOf = new WeakMap(); // due marker → {dueAt, status}

function time(iso) {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/**
 * The state at `now`. While the clock runs (breachAt is set) it is worked out
 * from the marks; it never shows better than the server said, so that a
 * browser clock a little behind the server's cannot undo a flip.
 */
export function slaStateAt(sla, now = Date.now()) {
  if (!sla) return null;
  const breachAt = time(sla.breachAt);
  if (breachAt === null) return sla.state || null;
  const warnAt = time(sla.approachingAt);
  const local = now >= breachAt ? 'breached' : warnAt !== null && now >= warnAt ? 'approaching' : 'ok';
  const server = sla.state in RANK ? sla.state : 'ok';
  return RANK[server] > RANK[local] ? server : local;
}

/** 23 min 59 s → "0:23 left"; 3 h 5 min → "3:05 left"; 50 h → "2 d 2 h left"; 40 s → "40 s left". */
export function timeLeft(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s left`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')} left`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return hours ? `${days} d ${hours} h left` : `${days} d left`;
}

/** 4800 → "1 h 20 min", 0 → "none". */
export function duration(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  if (s === 0) return 'none';
  if (s < 60) return `${s} s`;
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return [days && `${days} d`, hours && `${hours} h`, minutes && `${minutes} min`].filter(Boolean).join(' ') || '1 min';
}

/** What follows the state word: "0:23 left", "5 min ago", or nothing. */
function detail(sla, state, now) {
  const breachAt = time(sla.breachAt);
  if (breachAt === null) return '';
  if (state === 'breached') return relativeTime(sla.breachAt, now);
  return timeLeft(breachAt - now);
}

/** The hover text: every exact time the badge is based on. */
function slaTitle(sla, state) {
  const lines = [`SLA ${(WORDS[state] || state || '').toLowerCase()}`];
  if (sla.firstRespondedAt) lines.push(`First response: ${exactTime(sla.firstRespondedAt)}`);
  else if (sla.firstResponseDueAt) lines.push(`First response due: ${exactTime(sla.firstResponseDueAt)}`);
  if (sla.resolutionDueAt) lines.push(`Resolution due: ${exactTime(sla.resolutionDueAt)}`);
  if (sla.approachingAt && state === 'ok') lines.push(`Turns approaching: ${exactTime(sla.approachingAt)}`);
  if (sla.breachAt) lines.push(`${state === 'breached' ? 'Breached' : 'Breaches'}: ${exactTime(sla.breachAt)}`);
  if (state === 'paused') lines.push('The clock stops while the ticket is pending or on hold.');
  if (sla.pausedSeconds) lines.push(`Paused in total: ${duration(sla.pausedSeconds)}`);
  return lines.join('\n');
}

/** A badge for an `sla` object; null sla → a dash. */
export function slaBadge(sla, {prefix = '', id} = {}) {
  if (!sla || !sla.state) return el('span', {class: 'muted'}, '—');
  // Spaces between the parts keep the text readable when copied or read out.
  const node = el('span', {class: 'pill sla sla-badge', id},
    el('span', {class: 'pill-icon', 'aria-hidden': 'true'}), ' ',
    el('span', {class: 'sla-word'}), ' ',
    el('span', {class: 'sla-detail'}));
  slaOf.set(node, {sla, prefix});
  if (sla.breachAt) node.dataset.live = '';
  renderBadge(node, Date.now());
  if (node.dataset.live !== undefined) startTicker();
  return node;
}

function renderBadge(node, now) {
  const {sla, prefix} = slaOf.get(node);
  const state = slaStateAt(sla, now);
  const previous = node.dataset.sla;
  if (previous !== state) {
    node.className = `pill sla sla-badge sla-${state}`;
    node.dataset.sla = state;
    node.children[0].textContent = ICONS[state] || '●';
    const word = WORDS[state] || state;
    node.children[1].textContent = prefix ? `${prefix} ${word.toLowerCase()}` : word;
    node.title = slaTitle(sla, state);
    if (previous) node.dispatchEvent(new CustomEvent('slachange', {bubbles: true, detail: {state, previous}}));
  }
  setText(node.children[2], detail(sla, state, now));
}

/** "Due in 3 days" (muted), "⚠ Overdue 2 h" (red) for a ticket's agent-set due date; null without one. */
export function dueMarker(ticket, {id} = {}) {
  if (!ticket || !ticket.dueAt || time(ticket.dueAt) === null) return null;
  const node = el('span', {class: 'due-marker', id});
  dueOf.set(node, {dueAt: ticket.dueAt, status: ticket.status});
  if (!DONE.has(ticket.status)) node.dataset.live = '';
  renderDue(node, Date.now());
  if (node.dataset.live !== undefined) startTicker();
  return node;
}

function renderDue(node, now) {
  const {dueAt, status} = dueOf.get(node);
  const overdue = !DONE.has(status) && time(dueAt) <= now;
  node.classList.toggle('is-overdue', overdue);
  node.title = `Due ${exactTime(dueAt)}`;
  if (overdue) {
    const ago = relativeTime(dueAt, now).replace(/ ago$/, '');
    setText(node, `⚠ Overdue${ago === 'just now' ? '' : ' ' + ago}`);
  } else {
    setText(node, 'Due ' + relativeTime(dueAt, now).replace('just now', 'now'));
  }
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Re-renders every live badge and due marker on the page (the ticker calls it every second). */
export function tick(now = Date.now()) {
  for (const node of document.querySelectorAll('.sla-badge[data-live]')) {
    if (slaOf.has(node)) renderBadge(node, now);
  }
  for (const node of document.querySelectorAll('.due-marker[data-live]')) {
    if (dueOf.has(node)) renderDue(node, now);
  }
}

let timer = null;
function startTicker() {
  if (timer) return;
  timer = setInterval(() => tick(), 1000);
  // Background tabs tick rarely: catch up as soon as the page is seen again.
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) tick();
  });
}
