// Sidebar presets (#sidebar-presets): My Open Tickets, Urgent Unassigned, SLA Breaching,
// each a link to the list with ?preset=..., with a count from GET /api/presets, kept live by the
// server's `counts` topic (the page's one socket): a frame comes only when a count changed, so
// no page asks again per ticket event. Also refreshed every minute and whenever refreshPresets()
// is called (after a bulk change).
import {get} from '../shared/api.js';
import {sharedLive} from '../shared/live.js';
import {el} from '../shared/dom.js';
import {formatCount} from '../shared/format.js';

const REFRESH_MS = 60000;
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
  stopLive = sharedLive().subscribe('counts', (frame) => {
    if (frame.kind === 'counts.updated' && frame.data) showCounts(frame.data.presets || {});
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

/** Counts pushed by the server: {name: {count, countIsEstimate}}; unknown names wait for the next refresh. */
function showCounts(counts) {
  for (const [name, c] of Object.entries(counts)) {
    const span = listEl && listEl.querySelector(`#preset-${CSS.escape(name)} .preset-count`);
    if (!span) continue;
    const count = (c.countIsEstimate ? '≈' : '') + formatCount(c.count);
    span.textContent = count;
    span.setAttribute('aria-label', `${count} tickets`);
    span.classList.toggle('is-alert', name === 'sla_breaching' && c.count > 0);
  }
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
