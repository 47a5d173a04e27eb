// Sidebar presets (#sidebar-presets): My Open Tickets, Urgent Unassigned, SLA Breaching,
// each a link to the list with ?preset=..., with a live count from GET /api/presets,
// refreshed every 30 s, whenever refreshPresets() is called (after a bulk change) and, debounced,
// on every ticket event of the live feed (the page's one socket, topic `tickets`).
import {get} from '../shared/api.js';
import {sharedLive} from '../shared/live.js';
import {el} from '../shared/dom.js';
import {formatCount} from '../shared/format.js';

const REFRESH_MS = 30000;
const LIVE_DEBOUNCE_MS = 1000;
const LIVE_MAX_WAIT_MS = 3000;
let section = null;
let listEl = null;
let timer = null;
let current = null;
let tokensByName = {};
let stopLive = null;
let soonTimer = null;
let soonSince = 0;

export function startPresets() {
  section = document.getElementById('sidebar-presets');
  listEl = document.getElementById('preset-list');
  if (!section || !listEl) return;
  refreshPresets();
  timer = setInterval(refreshPresets, REFRESH_MS);
  stopLive = sharedLive().subscribe('tickets', (frame) => {
    if (frame.type === 'resync' || String(frame.kind || '').startsWith('ticket.')) refreshPresetsSoon();
  });
}

export function stopPresets() {
  clearInterval(timer);
  clearTimeout(soonTimer);
  if (stopLive) stopLive();
  stopLive = null;
}

/** refreshPresets() after a quiet second (at most 3 s late under a steady stream of changes). */
export function refreshPresetsSoon() {
  const now = Date.now();
  if (!soonTimer) soonSince = now;
  clearTimeout(soonTimer);
  soonTimer = setTimeout(() => {
    soonTimer = null;
    refreshPresets();
  }, Math.max(0, Math.min(LIVE_DEBOUNCE_MS, soonSince + LIVE_MAX_WAIT_MS - now)));
}

/** The tokens a preset stands for (for bulk changes, which take a query). */
export function presetTokens(name) {
  return tokensByName[name] || null;
}

/** Marks the preset the list shows (or none). */
export function markPreset(name) {
  current = name || null;
  if (!listEl) return;
  for (const link of listEl.querySelectorAll('a[data-preset]')) {
    if (link.dataset.preset === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

export async function refreshPresets() {
  if (!listEl) return;
  let presets;
  try {
    presets = await get('/api/presets');
  } catch {
    return; // the next refresh tries again; the links stay as they were
  }
  tokensByName = {};
  listEl.replaceChildren(...(presets || []).map((p) => {
    tokensByName[p.name] = p.query;
    const count = (p.countIsEstimate ? '≈' : '') + formatCount(p.count);
    return el('li', null, el('a', {href: '#/?preset=' + encodeURIComponent(p.name), class: 'nav-link preset-link',
      id: 'preset-' + p.name, dataset: {preset: p.name}, title: p.query},
    el('span', null, p.title),
    el('span', {class: ['preset-count', p.name === 'sla_breaching' && p.count > 0 ? 'is-alert' : null],
      'aria-label': `${count} tickets`}, count)));
  }));
  section.hidden = false;
  markPreset(current);
}
