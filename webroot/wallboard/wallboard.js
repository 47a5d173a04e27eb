// The wallboard page: opened with a wallboard link (/wallboard/#token=...), read-only.
// Loads GET /api/wallboard once, then follows the `wallboard` topic, whose
// wallboard.updated events carry the same JSON. Built with textContent only.
import {el, replace} from '/shared/dom.js';
import {label, PRIORITIES} from '/shared/format.js';
import {connectLive} from '/shared/live.js';

const SVG = 'http://www.w3.org/2000/svg';
const OPEN_STATUSES = ['open', 'pending', 'in_progress', 'on_hold'];
const MAX_AGENTS = 8;
const MAX_TICKER = 8;
const COUNT_MS = 900;
const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;

const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(location.hash.slice(1)).get('token') || localStorage.getItem('helpdesk.token');
let tickerSeen = new Set();

start();

async function start() {
  tickClock();
  setInterval(tickClock, 10000);
  if (!token) {
    problem('Open this page with a wallboard link: an admin creates one in the agent app (POST /api/wallboard/links).');
    setStatus('unauthorized');
    return;
  }
  await load();
  const live = connectLive({token});
  live.onStatus((state) => {
    setStatus(state);
    if (state === 'unauthorized') closeBoard(); // the link was revoked (socket closed with 4401)
  });
  live.subscribe('wallboard', (frame) => {
    if (frame.type === 'event' && frame.kind === 'wallboard.updated') render(frame.data);
    else if (frame.type === 'resync') load();
  });
}

async function load() {
  try {
    const response = await fetch('/api/wallboard', {headers: {Authorization: 'Bearer ' + token}});
    if (response.status === 401 || response.status === 403) {
      closeBoard();
      return;
    }
    if (!response.ok) throw new Error('HTTP ' + response.status);
    render(await response.json());
  } catch {
    problem('Cannot reach the help desk; retrying…');
    setTimeout(load, 10000);
  }
}

function render(board) {
  if (document.body.classList.contains('wb-closed')) return; // a revoked link shows nothing more
  $('problem').hidden = true;
  const open = board.open || {};
  count('num-open', open.total);
  count('num-urgent', board.urgentUnassigned);
  flag('tile-urgent', board.urgentUnassigned > 0 ? 'wb-warn' : null);
  $('sub-urgent').textContent = board.urgentUnassigned > 0 ? 'need an agent now' : 'all have an agent';
  count('num-sla', board.slaBreaching);
  flag('tile-sla', board.slaBreaching > 0 ? 'wb-alert' : null);
  const sla = board.sla || {};
  $('sub-sla').textContent = board.slaBreaching > 0
    ? `${sla.breached || 0} breached · ${sla.approaching || 0} approaching` : 'all on track';
  count('num-created', board.createdToday);
  count('num-resolved', board.resolvedToday);
  renderCounts('by-priority', PRIORITIES, open.byPriority, 'p-');
  renderCounts('by-status', OPEN_STATUSES, open.byStatus, 's-');
  renderAgents(board.agents || [], board.inactiveAgents || []);
  renderChart(board.hourly || []);
  renderTicker(board.ticker || []);
}

/** Sets a big number, counting up or down to it and flashing when it changed. */
function count(id, value) {
  const node = $(id);
  const to = Number(value || 0);
  const from = node.dataset.value === '' ? null : Number(node.dataset.value);
  node.dataset.value = String(to);
  if (from === null || from === to || reducedMotion) {
    node.textContent = to.toLocaleString();
    return;
  }
  const started = performance.now();
  const step = (now) => {
    const t = Math.min(1, (now - started) / COUNT_MS);
    const eased = 1 - (1 - t) ** 3;
    node.textContent = Math.round(from + (to - from) * eased).toLocaleString();
    if (t < 1 && node.dataset.value === String(to)) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
  node.classList.remove('wb-changed');
  void node.offsetWidth; // restart the flash
  node.classList.add('wb-changed');
}

function flag(id, cls) {
  const tile = $(id);
  tile.classList.remove('wb-warn', 'wb-alert');
  if (cls) tile.classList.add(cls);
}

function renderCounts(id, keys, counts, prefix) {
  replace($(id), keys.map((k) => el('li', {class: prefix + k},
    el('strong', null, String((counts || {})[k] || 0)), label(k))));
}

function renderAgents(agents, inactive = []) {
  const list = $('agents');
  // leavers who still hold open tickets (issue 12): never shown as if nobody had them
  const leavers = inactive.length === 0 ? null : el('li', {class: 'wb-more wb-inactive', id: 'inactive-agents'},
    'Inactive agents: ', inactive.map((a, i) => `${i ? ', ' : ''}${a.name} ${a.open}`).join(''));
  if (agents.length === 0 && !leavers) {
    replace(list, el('li', {class: 'wb-empty'}, 'No agents yet'));
    return;
  }
  const max = Math.max(1, ...agents.map((a) => a.open));
  const shown = agents.slice(0, MAX_AGENTS).map((a) => {
    const fill = el('div', {class: 'wb-bar-fill'});
    fill.style.width = `${(100 * a.open) / max}%`;
    return el('li', {class: 'wb-bar'},
      el('span', {class: 'wb-bar-name'}, a.name),
      el('div', {class: 'wb-bar-track', role: 'img', 'aria-label': `${a.name}: ${a.open} open`}, fill),
      el('span', {class: 'wb-bar-count'}, String(a.open)));
  });
  const rest = agents.length - MAX_AGENTS;
  replace(list, shown, rest > 0 ? el('li', {class: 'wb-more'}, `+ ${rest} more agents`) : null, leavers);
}

/** Pairs of bars per hour, created and resolved, with the count above and the hour below. */
function renderChart(hours) {
  const width = 600;
  const height = 220;
  const base = height - 30; // room for the hour labels, large enough to read across a room
  const top = 24;
  const max = Math.max(1, ...hours.map((h) => Math.max(h.created, h.resolved)));
  const slot = width / Math.max(1, hours.length);
  const bar = slot * 0.34;
  const svg = svgEl('svg', {viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': hours.map((h) => `${hourLabel(h.hour)}: ${h.created} created, ${h.resolved} resolved`).join('; ')});
  svg.appendChild(svgEl('line', {x1: 0, x2: width, y1: base, y2: base, class: 'axis'}));
  hours.forEach((h, i) => {
    const x = i * slot + slot * 0.14;
    [['created', h.created, x], ['resolved', h.resolved, x + bar + 2]].forEach(([kind, n, bx]) => {
      const barHeight = ((base - top) * n) / max;
      svg.appendChild(svgEl('rect', {x: bx, y: base - barHeight, width: bar, height: barHeight, class: 'bar-' + kind}));
      if (n > 0) {
        const value = svgEl('text', {x: bx + bar / 2, y: base - barHeight - 4, 'text-anchor': 'middle'});
        value.textContent = String(n);
        svg.appendChild(value);
      }
    });
    // every third hour, ending on the current one: twelve labels this size would run together
    if ((hours.length - 1 - i) % 3 === 0) {
      const hourText = svgEl('text', {x: i * slot + slot / 2, y: height - 6, 'text-anchor': 'middle'});
      hourText.textContent = hourLabel(h.hour);
      svg.appendChild(hourText);
    }
  });
  replace($('chart'), svg);
}

function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function renderTicker(items) {
  const first = tickerSeen.size === 0;
  const seen = new Set();
  replace($('ticker'), items.slice(0, MAX_TICKER).map((item) => {
    seen.add(item.id);
    return el('li', {class: ['wb-event', !first && !tickerSeen.has(item.id) ? 'wb-new' : null]},
      el('time', {class: 'wb-event-time', datetime: item.at}, clockTime(item.at)),
      el('span', {class: 'wb-event-ref'}, item.ref || ''),
      el('span', {class: 'wb-event-what'}, describe(item)),
      el('span', {class: 'wb-event-subject'}, item.subject || ''));
  }));
  tickerSeen = seen;
}

function describe(item) {
  switch (item.kind) {
    case 'ticket.created': return `new · ${label(item.priority)}`;
    case 'ticket.updated': return label(item.status) || 'updated';
    case 'ticket.deleted': return 'deleted';
    case 'ticket.merged': return 'merged';
    case 'message.created': return 'reply';
    default: return label(item.kind.replace('.', ' '));
  }
}

function setStatus(state) {
  $('status').dataset.state = state;
  $('status-text').textContent = {live: 'Live', connecting: 'Connecting…', offline: 'Reconnecting…',
    unauthorized: 'Link not valid'}[state] || state;
}

/**
 * A link that stops working (revoked, or never valid) closes the board: figures read from
 * across the room must never look live when they are not, so every number and list is
 * emptied and the message fills the screen.
 */
function closeBoard() {
  document.body.classList.add('wb-closed');
  setStatus('unauthorized');
  for (const id of ['num-open', 'num-urgent', 'num-sla', 'num-created', 'num-resolved']) {
    $(id).dataset.value = '';
    $(id).textContent = '–';
  }
  for (const id of ['sub-urgent', 'sub-sla']) $(id).textContent = '';
  flag('tile-urgent', null);
  flag('tile-sla', null);
  for (const id of ['by-priority', 'by-status', 'agents', 'chart', 'ticker']) replace($(id));
  problem('This wallboard link is not valid any more: it was revoked or has expired. Ask an admin for a new one.');
}

function problem(text) {
  $('problem').textContent = text;
  $('problem').hidden = false;
}

function tickClock() {
  $('clock').textContent = new Date().toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'});
}

function clockTime(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}) : '';
}

function hourLabel(iso) {
  return new Date(iso).toLocaleTimeString([], {hour: '2-digit'});
}
