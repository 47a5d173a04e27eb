// Workload (#/workload): GET /api/agents/workload → each agent's open tickets
// by status and priority, plus the unassigned ones, as a table with a load bar
// (stacked by priority, with the numbers written out: never colour alone).
import {get} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {label, formatCount, initials} from '../shared/format.js';
import {hashFor} from './nav.js';

const STATUS_COLUMNS = ['open', 'pending', 'in_progress', 'on_hold'];
const PRIORITY_COLUMNS = ['urgent', 'high', 'medium', 'low'];

/**
 * Where a click on an agent leads. The list's `q` matches subject words only
 * until the search feature lands; then this becomes hashFor(`agent:${id} -status:closed`).
 */
function listLink() {
  return hashFor('');
}

const count = (obj, key) => Number((obj && obj[key]) || 0);

function total(row) {
  if (typeof row.open === 'number') return row.open;
  return STATUS_COLUMNS.reduce((sum, s) => sum + count(row.byStatus, s), 0);
}

function loadBar(row, max) {
  const n = total(row);
  const bar = el('span', {class: 'load-bar', role: 'img',
    'aria-label': `${n} open: ` + PRIORITY_COLUMNS.map((p) => `${count(row.byPriority, p)} ${p}`).join(', ')});
  const track = el('span', {class: 'load-track'});
  // Widths through the CSSOM (allowed by the CSP, unlike style attributes).
  track.style.width = max > 0 ? `${(n / max) * 100}%` : '0%';
  for (const p of PRIORITY_COLUMNS) {
    const part = count(row.byPriority, p);
    if (!part) continue;
    const seg = el('span', {class: 'load-seg load-' + p});
    seg.style.flexGrow = String(part);
    track.append(seg);
  }
  bar.append(track);
  return bar;
}

function cells(row) {
  return [
    ...STATUS_COLUMNS.map((s) => el('td', {class: ['num', count(row.byStatus, s) ? null : 'zero'],
      dataset: {status: s}}, formatCount(count(row.byStatus, s)))),
    ...PRIORITY_COLUMNS.map((p, i) => el('td', {class: ['num', 'prio-' + p, i === 0 ? 'group-start' : null,
      count(row.byPriority, p) ? null : 'zero'],
      dataset: {priority: p}}, formatCount(count(row.byPriority, p)))),
  ];
}

function agentRow(agent, max) {
  return el('tr', {dataset: {agentId: String(agent.id)}},
    el('th', {scope: 'row', class: 'workload-agent'},
      el('span', {class: 'avatar', 'aria-hidden': 'true'}, initials(agent.name)),
      el('a', {href: listLink(agent), class: 'workload-name'}, agent.name || `Agent #${agent.id}`)),
    el('td', {class: 'num workload-total'}, formatCount(total(agent))),
    el('td', {class: 'workload-bar-cell'}, loadBar(agent, max)),
    cells(agent));
}

function unassignedRow(row, max) {
  return el('tr', {class: 'workload-unassigned', id: 'workload-unassigned'},
    el('th', {scope: 'row', class: 'workload-agent'},
      el('span', {class: 'avatar avatar-empty', 'aria-hidden': 'true'}, '–'),
      el('a', {href: listLink(null), class: 'workload-name'}, 'Unassigned')),
    el('td', {class: 'num workload-total'}, formatCount(total(row))),
    el('td', {class: 'workload-bar-cell'}, loadBar(row, max)),
    cells(row));
}

function table(data) {
  const agents = [...(data.agents || [])].sort((a, b) => total(b) - total(a) ||
    String(a.name).localeCompare(String(b.name)));
  const unassigned = data.unassigned || null;
  const max = Math.max(1, ...agents.map(total), unassigned ? total(unassigned) : 0);
  return el('div', {class: 'table-wrap workload-wrap'},
    el('table', {class: 'workload-table', id: 'workload-table'},
      el('caption', {class: 'visually-hidden'}, 'Open tickets per agent, by status and by priority'),
      el('thead', null,
        el('tr', null,
          el('td', {colspan: '3'}),
          el('th', {scope: 'colgroup', colspan: String(STATUS_COLUMNS.length), class: 'group'}, 'By status'),
          el('th', {scope: 'colgroup', colspan: String(PRIORITY_COLUMNS.length), class: 'group group-start'}, 'By priority')),
        el('tr', null,
          el('th', {scope: 'col'}, 'Agent'),
          el('th', {scope: 'col', class: 'num'}, 'Total'),
          el('th', {scope: 'col', class: 'workload-bar-head'}, 'Load'),
          STATUS_COLUMNS.map((s) => el('th', {scope: 'col', class: 'num'}, label(s))),
          PRIORITY_COLUMNS.map((p, i) => el('th', {scope: 'col', class: ['num', i === 0 ? 'group-start' : null]}, label(p))))),
      el('tbody', {id: 'workload-rows'},
        agents.map((a) => agentRow(a, max)),
        unassigned ? unassignedRow(unassigned, max) : null)),
    agents.length === 0
      ? el('p', {class: 'workload-empty muted'}, 'No agents yet. An admin can add agents under People.')
      : null);
}

function legend() {
  return el('p', {class: 'workload-legend muted small', 'aria-hidden': 'true'}, 'Bar: ',
    PRIORITY_COLUMNS.map((p) => el('span', {class: 'legend-item'},
      el('span', {class: 'legend-swatch load-' + p}), label(p))));
}

/** Deactivated agents who still hold open tickets (issue 12), until someone reassigns them on the Team page. */
function inactive(rows) {
  if (rows.length === 0) return null;
  return el('section', {class: 'notice notice-warning', id: 'workload-inactive', 'aria-labelledby': 'inactive-h'},
    el('div', {class: 'notice-title', id: 'inactive-h'}, 'Inactive agents'),
    el('p', null, 'Deactivated, still holding open tickets. Reassign them under Settings → Team.'),
    el('ul', null, rows.map((a) => el('li', {dataset: {agentId: String(a.id)}}, `${a.name}: ${formatCount(a.open)} open`))));
}

export function mount(root, {app}) {
  app.setTitle('Workload');
  const controller = new AbortController();
  const body = el('div', {id: 'workload'}, el('p', {class: 'loading'}, 'Loading workload…'));
  const refresh = el('button', {type: 'button', class: 'btn btn-small', id: 'workload-refresh'}, 'Refresh');
  root.append(el('section', {class: 'view view-workload', 'aria-labelledby': 'view-title'},
    el('div', {class: 'view-head'},
      el('div', {class: 'view-title-row'},
        el('h1', {id: 'view-title', tabindex: '-1'}, 'Workload'),
        el('span', {class: 'muted'}, 'Open tickets (not resolved or closed) per agent')),
      el('div', {class: 'toolbar'}, refresh)),
    body));

  async function load() {
    refresh.disabled = true;
    try {
      const data = await get('/api/agents/workload', undefined, {signal: controller.signal});
      replace(body, table(data || {}), legend(), inactive((data && data.inactiveAgents) || []));
    } catch (err) {
      if (err.name === 'AbortError' || err.status === 401) return;
      const retry = el('button', {type: 'button', class: 'btn', onclick: load}, 'Try again');
      replace(body, el('div', {class: 'notice', role: 'alert', id: 'workload-error'},
        el('div', {class: 'notice-title'}, 'Could not load the workload'), el('p', null, err.message),
        el('div', {class: 'notice-actions'}, retry)));
    } finally {
      refresh.disabled = false;
    }
  }
  refresh.addEventListener('click', load);
  load();
  return {
    unmount: () => controller.abort(),
    /** For live updates: redraw from a fresh GET. */
    refresh: load,
  };
}
