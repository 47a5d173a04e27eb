// Saved views in the sidebar (#sidebar-views, under the presets): GET /api/views with counts,
// each a link to the list with ?view=ID; counts kept live like the presets' (frames of the `counts`
// topic when a count changes; the list is read again when a frame names views it does not show,
// and every minute). "Save view" (#save-view) opens a dialog (view-dialog.js) that keeps the list's
// current search and sort under a name, private or shared. Each view one may change (one's own; an
// admin: any) has a "⋯" button that opens its actions in place: Edit (name and sharing), Move up,
// Move down, Delete (asked in a dialog). Alt+ArrowUp/Down on a view moves it too, and views can be
// dragged. A move saves new positions (PATCH {"position"}; view-order.js); the server sends no frame
// when only names or places change, so the agent's other tabs hear of it on a BroadcastChannel.
import {get, del, patch} from '../shared/api.js';
import {sharedLive} from '../shared/live.js';
import {el, replace} from '../shared/dom.js';
import {formatCount} from '../shared/format.js';
import {toast, confirmDialog} from '../shared/ui.js';
import {openViewDialog, describe} from './view-dialog.js';
import {planOrder} from './view-order.js';
import {DEFAULT_SORT} from './nav.js';
import {presetTokens} from './presets.js';

const REFRESH_MS = 60000;
const DEBOUNCE_MS = 300;
let listEl = null;
let statusEl = null;
let current = null;
let soon = null;
let me = null;
let views = [];
let openId = null; // the view whose actions are shown
let dragged = null;
let moving = Promise.resolve();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('helpdesk.views') : null;

export function startViews(app) {
  me = app.user;
  const nav = document.querySelector('nav.sidebar');
  if (!nav || listEl) return;
  listEl = el('ul', {class: 'nav-list view-list', id: 'view-list'});
  statusEl = el('p', {class: 'visually-hidden', id: 'view-status', role: 'status', 'aria-live': 'polite'});
  const save = el('button', {type: 'button', class: 'btn btn-small', id: 'save-view'}, 'Save view');
  document.getElementById('sidebar-presets').after(el('section', {class: 'sidebar-section', id: 'sidebar-views',
    'aria-labelledby': 'views-heading'}, el('h2', {class: 'sidebar-heading', id: 'views-heading'}, 'Views'),
    listEl, save, statusEl));
  save.addEventListener('click', saveCurrent);
  listEl.addEventListener('click', onClick);
  listEl.addEventListener('keydown', onKey);
  wireDrag();
  refreshViews();
  setInterval(refreshViews, REFRESH_MS);
  sharedLive().subscribe('counts', (frame) => {
    if (frame.kind === 'counts.updated' && frame.data) showCounts(frame.data.views || {});
  });
  if (channel) channel.onmessage = () => refreshViews();
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
  render();
}

/** Whether the signed-in person may change (rename, share, move, delete) view `v`. */
function mayChange(v) {
  return Boolean(me && (v.ownerId === me.id || me.role === 'admin'));
}

/** Draws the list from `views`, keeping the open actions and the focus (found again by id). */
function render() {
  const focused = listEl.contains(document.activeElement) ? document.activeElement.id : null;
  if (!views.some((v) => v.id === openId)) openId = null;
  if (!views.length) {
    replace(listEl, el('li', {class: 'muted sidebar-empty'}, 'Filter the list, then save it as a view.'));
  } else {
    replace(listEl, ...views.map((v, i) => item(v, i)));
  }
  markView(current);
  const again = focused && document.getElementById(focused);
  if (again && again.offsetParent !== null) again.focus();
}

function item(v, i) {
  const count = (v.countIsEstimate ? '≈' : '') + formatCount(v.count);
  const changeable = mayChange(v);
  const open = changeable && openId === v.id;
  const id = String(v.id);
  const action = (name, text, label, extra = {}) => el('button', {type: 'button', class: 'btn btn-small',
    id: `view-${name}-${id}`, dataset: {action: name, id}, 'aria-label': label, ...extra}, text);
  return el('li', {class: ['view-item', open ? 'is-open' : null], dataset: {id}, draggable: changeable ? 'true' : null},
    el('div', {class: 'view-row'},
      el('a', {href: '#/?view=' + v.id, class: 'nav-link preset-link', id: 'view-' + v.id,
        dataset: {view: id}, title: describe(v.query, v.sort) + (changeable ? ' (Alt+↑/↓ moves it)' : ''),
        'aria-keyshortcuts': changeable ? 'Alt+ArrowUp Alt+ArrowDown' : null},
      el('span', {class: 'view-name'}, v.name, v.shared ? el('span', {class: 'muted'}, ' (shared)') : null),
      el('span', {class: 'preset-count', 'aria-label': `${count} tickets`}, count)),
      changeable ? el('button', {type: 'button', class: 'btn btn-small view-more', id: 'view-more-' + id,
        dataset: {action: 'more', id}, 'aria-expanded': String(open), 'aria-controls': 'view-actions-' + id,
        'aria-label': `Actions for view ${v.name}`, title: 'Rename, share, move or delete'}, '⋯') : null),
    open ? el('div', {class: 'view-actions-panel', id: 'view-actions-' + id, role: 'group',
      'aria-label': `Actions for view ${v.name}`},
    action('edit', 'Edit…', `Rename or share view ${v.name}`),
    action('up', 'Move up', `Move view ${v.name} up`, {disabled: i === 0}),
    action('down', 'Move down', `Move view ${v.name} down`, {disabled: i === views.length - 1}),
    action('delete', 'Delete…', `Delete view ${v.name}`, {class: 'btn btn-small btn-danger'})) : null);
}

function onClick(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  event.preventDefault();
  const view = views.find((v) => String(v.id) === button.dataset.id);
  if (!view) return;
  const act = button.dataset.action;
  if (act === 'more') {
    openId = openId === view.id ? null : view.id;
    render();
    const target = document.getElementById(openId ? 'view-edit-' + view.id : 'view-more-' + view.id);
    if (target) target.focus();
  } else if (act === 'edit') edit(view);
  else if (act === 'up') move(view, -1, 'view-up-' + view.id);
  else if (act === 'down') move(view, 1, 'view-down-' + view.id);
  else if (act === 'delete') remove(view);
}

function onKey(event) {
  const node = event.target.closest('[data-view], [data-action]');
  if (!node) return;
  const view = views.find((v) => String(v.id) === (node.dataset.view || node.dataset.id));
  if (!view) return;
  if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown') && mayChange(view)) {
    event.preventDefault();
    move(view, event.key === 'ArrowUp' ? -1 : 1, node.id);
  } else if (event.key === 'Escape' && openId === view.id) {
    // closes the actions only (not also the phone menu)
    event.preventDefault();
    event.stopPropagation();
    openId = null;
    render();
    const more = document.getElementById('view-more-' + view.id);
    if (more) more.focus();
  }
}

/**
 * Moves `view` by `delta` places: shown at once, then saved one PATCH after another (moves queue
 * up, so fast Alt+Arrow presses keep their order). Focus stays on `focusId` (found again after
 * the redraw); the status line says where the view now is.
 */
function move(view, delta, focusId) {
  const from = views.indexOf(view);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= views.length) return;
  moveTo(view, to, focusId);
}

function moveTo(view, to, focusId) {
  const order = views.filter((v) => v !== view);
  order.splice(to, 0, view);
  const changes = planOrder(order, mayChange);
  if (!changes) {
    toast('That place is between shared views that only their owners can move.');
    return;
  }
  for (const c of changes) c.view.position = c.position;
  views = order;
  render();
  const target = focusId && document.getElementById(focusId);
  if (target && !target.disabled) target.focus();
  else { const link = document.getElementById('view-' + view.id); if (link) link.focus(); }
  statusEl.textContent = `${view.name}: place ${to + 1} of ${views.length}.`;
  moving = moving.then(async () => {
    try {
      for (const c of changes) await patch('/api/views/' + c.view.id, {position: c.position});
      announce();
    } catch (err) {
      toast('Could not move the view: ' + err.message);
      await refreshViews();
    }
  });
}

/** Tells the agent's other tabs (same browser) to read the views again. */
function announce() {
  if (channel) channel.postMessage({kind: 'views.changed'});
}

function wireDrag() {
  listEl.addEventListener('dragstart', (event) => {
    const li = event.target.closest && event.target.closest('li.view-item[draggable="true"]');
    if (!li) return;
    dragged = views.find((v) => String(v.id) === li.dataset.id) || null;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', li.dataset.id);
    li.classList.add('is-dragged');
  });
  listEl.addEventListener('dragover', (event) => {
    const li = dragged && event.target.closest('li.view-item');
    if (!li) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const below = event.clientY > li.getBoundingClientRect().top + li.offsetHeight / 2;
    for (const other of listEl.querySelectorAll('.drop-before, .drop-after')) {
      if (other !== li) other.classList.remove('drop-before', 'drop-after');
    }
    li.classList.toggle('drop-after', below);
    li.classList.toggle('drop-before', !below);
  });
  listEl.addEventListener('drop', (event) => {
    const li = dragged && event.target.closest('li.view-item');
    if (!li) return;
    event.preventDefault();
    const target = views.find((v) => String(v.id) === li.dataset.id);
    const view = dragged;
    const after = li.classList.contains('drop-after');
    dragged = null;
    if (!target || target === view) return render();
    const rest = views.filter((v) => v !== view);
    moveTo(view, rest.indexOf(target) + (after ? 1 : 0), 'view-' + view.id);
  });
  listEl.addEventListener('dragend', () => {
    dragged = null;
    for (const node of listEl.querySelectorAll('.is-dragged, .drop-before, .drop-after')) {
      node.classList.remove('is-dragged', 'drop-before', 'drop-after');
    }
  });
}

function listState() {
  const raw = location.hash.replace(/^#/, '');
  const qs = new URLSearchParams(raw.split('?')[1] || '');
  const shown = qs.get('view') && views.find((v) => String(v.id) === qs.get('view'));
  // "the current search" is all the list ANDs together: the view's query, the preset's tokens
  // and the words typed on top; the sort is the one chosen, else the view's
  const preset = qs.get('preset') ? presetTokens(qs.get('preset')) : null;
  const q = [shown ? shown.query : null, preset, qs.get('q')].filter(Boolean).join(' ');
  return {q, sort: qs.get('sort') || (shown && shown.sort) || DEFAULT_SORT};
}

async function saveCurrent() {
  const {q, sort} = listState();
  const saved = await openViewDialog({query: q, sort});
  if (!saved) return;
  await refreshViews();
  announce();
  statusEl.textContent = `Saved view ${saved.name}.`;
  location.hash = '#/?view=' + saved.id;
}

async function edit(view) {
  const saved = await openViewDialog({view, restoreFocus: false});
  if (saved) {
    await refreshViews();
    announce();
    statusEl.textContent = `Saved view ${saved.name}.`;
  }
  const back = document.getElementById('view-edit-' + view.id) || document.getElementById('view-' + view.id);
  if (back) back.focus();
}

async function remove(view) {
  const ok = await confirmDialog({title: 'Delete this view?', message: view.shared
    ? `“${view.name}” is shared: it goes from everyone’s sidebar. Its tickets stay as they are.`
    : `“${view.name}” goes from your sidebar. Its tickets stay as they are.`,
  confirmLabel: 'Delete view', danger: true, id: 'delete-view-dialog'});
  if (!ok) return;
  try {
    await del('/api/views/' + view.id);
    const index = views.indexOf(view);
    await refreshViews();
    announce();
    statusEl.textContent = `Deleted view ${view.name}.`;
    const next = views[Math.min(index, views.length - 1)];
    const focus = (next && document.getElementById('view-' + next.id)) || document.getElementById('save-view');
    if (focus) focus.focus();
  } catch (err) {
    toast(err.message);
  }
}
