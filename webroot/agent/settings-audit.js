// Settings → Audit (#/settings/audit, admins): every admin action, newest first, with who,
// when and from which address.
import {get} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {timeEl, label} from '../shared/format.js';
import {page, loadError, isAdmin, adminsOnly} from './team-common.js';

function describe(item) {
  const d = item.detail || {};
  if (Array.isArray(d.changes)) return d.changes.length === 0 ? 'saved unchanged' : d.changes.join('; ');
  if (d.from !== undefined && d.to !== undefined) return `${d.from} → ${d.to}`;
  if (Array.isArray(d.rules)) {
    return d.rules.length === 0 ? 'no rules' : d.rules.map((r, i) => `${i + 1}. ${r.name}`).join(', ');
  }
  if (d.tickets !== undefined) return `${d.tickets} ${d.tickets === 1 ? 'ticket' : 'tickets'} → ${d.to ?? 'nobody'}`;
  if (d.name) return d.name;
  if (d.email) return d.email;
  if (d.subject) return d.subject;
  return '';
}

/** "sla_policy.changed" → "SLA policy changed" (abbreviations stay capitals). */
function actionLabel(action) {
  return label(action.replace('.', ' ')).replace(/\bsla\b/gi, 'SLA');
}

export function mount(root, {app}) {
  app.setTitle('Audit');
  const body = page(root, {id: 'audit', title: 'Audit', intro: 'What admins changed, newest first'});
  if (!isAdmin(app)) {
    adminsOnly(body);
    return {};
  }
  let items = [];
  let next = null;
  async function load(more = false) {
    try {
      const data = await get('/api/audit', more && next ? {cursor: next, limit: 50} : {limit: 50});
      items = more ? [...items, ...data.items] : data.items;
      next = data.nextCursor;
      replace(body, items.length === 0 ? el('p', {class: 'empty'}, 'Nothing yet: admin actions are listed here.')
        : el('div', {class: 'table-wrap'}, el('table', {class: 'team-table', id: 'audit-table'},
          el('caption', {class: 'visually-hidden'}, 'Audit of admin actions'),
          el('thead', null, el('tr', null, ['When', 'Who', 'What', 'Target', 'Details', 'From']
            .map((h) => el('th', {scope: 'col'}, h)))),
          el('tbody', null, items.map((i) => el('tr', null, el('td', null, timeEl(i.at)),
            el('td', null, i.actor.name), el('td', null, actionLabel(i.action)),
            el('td', null, i.target || ''), el('td', null, describe(i)), el('td', {class: 'muted'}, i.address || '')))))),
        next ? el('button', {type: 'button', class: 'btn', onclick: () => load(true)}, 'Show more') : null);
    } catch (err) {
      if (err.status !== 401) loadError(body, err, () => load());
    }
  }
  load();
  return {};
}
