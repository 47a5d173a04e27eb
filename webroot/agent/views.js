// Saved views in the sidebar (#sidebar-views, under the presets): GET /api/views with counts,
// each a link to the list with ?view=ID; counts kept live like the presets' (frames of the `counts`
// topic when a count changes; the list is read again when a frame names views it does not show,
// and every minute). "Save view" (#save-view) keeps the list's current filter and sort
// under a name, private or shared; each of one's own views can be renamed or deleted.
import {get, post, patch, del} from '../shared/api.js';
import {sharedLive} from '../shared/live.js';
import {el, replace} from '../shared/dom.js';
import {formatCount} from '../shared/format.js';
import {toast, confirmDialog} from '../shared/ui.js';

const REFRESH_MS = 60000;
const DEBOUNCE_MS = 300;
let listEl = null;
let current = null;
let soon = null;
let me = null;
let views = [];

export function startViews(app) {
  me = app.user;
  const nav = document.querySelector('nav.sidebar');
  if (!nav || listEl) return;
  listEl = el('ul', {class: 'nav-list', id: 'view-list'});
  const save = el('button', {type: 'button', class: 'btn btn-small', id: 'save-view'}, 'Save view');
  nav.appendChild(el('section', {class: 'sidebar-section', id: 'sidebar-views', 'aria-labelledby': 'views-heading'},
    el('h2', {class: 'sidebar-heading', id: 'views-heading'}, 'Views'), listEl, save));
  save.addEventListener('click', () => saveCurrent());
  listEl.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    event.preventDefault();
    const view = views.find((v) => String(v.id) === button.dataset.id);
    if (button.dataset.action === 'rename') rename(view);
    else if (button.dataset.action === 'delete') remove(view);
  });
  refreshViews();
  setInterval(refreshViews, REFRESH_MS);
  sharedLive().subscribe('counts', (frame) => {
    if (frame.kind === 'counts.updated' && frame.data) showCounts(frame.data.views || {});
  });
}

/** Counts pushed by the server ({id: {count, countIsEstimate}}); another set of views reads the list again. */
function showCounts(counts) {
  const ids = Object.keys(counts);
  const same = ids.length === views.length && views.every((v) => String(v.id) in counts);
  if (!same) {
    clearTimeout(soon);
    soon = setTimeout(refreshViews, DEBOUNCE_MS); // a view was added, changed or removed (maybe elsewhere)
    return;
  }
  for (const v of views) {
    const c = counts[String(v.id)];
    v.count = c.count;
    v.countIsEstimate = c.countIsEstimate;
    const span = listEl && listEl.querySelector(`#view-${v.id} .preset-count`);
    if (!span) continue;
    const count = (c.countIsEstimate ? '≈' : '') + formatCount(c.count);
    span.textContent = count;
    span.setAttribute('aria-label', `${count} tickets`);
  }
}

/**
 * The token query of view {@code id} (read again if the sidebar does not know it yet), so that
 * what acts on "the list" (all matching, export) acts on the view's tickets, never on every
 * ticket. Rejects when the view is gone.
 */
export async function viewQuery(id) {
  let view = views.find((v) => String(v.id) === String(id));
  if (!view) {
    views = await get('/api/views');
    view = views.find((v) => String(v.id) === String(id));
  }
  if (!view) throw new Error('This view no longer exists');
  return view.query || '';
}

/** Marks the view the list shows (or none). */
export function markView(id) {
  current = id ? String(id) : null;
  if (!listEl) return;
  for (const link of listEl.querySelectorAll('a[data-view]')) {
    if (link.dataset.view === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

export async function refreshViews() {
  if (!listEl) return;
  try {
    views = await get('/api/views');
  } catch {
    return;
  }
  if (!views.length) {
    replace(listEl, el('li', {class: 'muted sidebar-empty'}, 'Filter the list, then save it as a view.'));
    return;
  }
  replace(listEl, ...views.map((v) => {
    const count = (v.countIsEstimate ? '≈' : '') + formatCount(v.count);
    const mine = me && v.ownerId === me.id;
    return el('li', {class: 'view-item'},
      el('a', {href: '#/?view=' + v.id, class: 'nav-link preset-link', id: 'view-' + v.id,
        dataset: {view: String(v.id)}, title: v.query || 'All tickets'},
      el('span', null, v.name, v.shared ? el('span', {class: 'muted'}, ' (shared)') : null),
      el('span', {class: 'preset-count', 'aria-label': `${count} tickets`}, count)),
      mine || (me && me.role === 'admin') ? el('span', {class: 'view-actions'},
        el('button', {type: 'button', class: 'btn btn-small', dataset: {action: 'rename', id: String(v.id)},
          'aria-label': `Rename view ${v.name}`}, 'Rename'),
        el('button', {type: 'button', class: 'btn btn-small', dataset: {action: 'delete', id: String(v.id)},
          'aria-label': `Delete view ${v.name}`}, '×')) : null);
  }));
  markView(current);
}

function listState() {
  const raw = location.hash.replace(/^#/, '');
  const qs = new URLSearchParams(raw.split('?')[1] || '');
  return {q: qs.get('q') || '', sort: qs.get('sort') || '-created'};
}

async function saveCurrent() {
  const {q, sort} = listState();
  const name = window.prompt(`Name this view (${q || 'all tickets'}, sorted ${sort}):`, q || 'All tickets');
  if (!name) return;
  const shared = window.confirm('Share this view with the whole team? (Cancel keeps it private.)');
  try {
    const v = await post('/api/views', {name, query: q, sort, shared});
    await refreshViews();
    location.hash = '#/?view=' + v.id;
  } catch (err) {
    toast(err.message);
  }
}

async function rename(view) {
  const name = window.prompt('New name of the view:', view.name);
  if (!name) return;
  try {
    await patch('/api/views/' + view.id, {name});
    refreshViews();
  } catch (err) {
    toast(err.message);
  }
}

async function remove(view) {
  const ok = await confirmDialog({title: 'Delete this view?', message: `"${view.name}" goes for everyone who sees it.`,
    confirmLabel: 'Delete view', danger: true, id: 'delete-view-dialog'});
  if (!ok) return;
  try {
    await del('/api/views/' + view.id);
    refreshViews();
  } catch (err) {
    toast(err.message);
  }
}
