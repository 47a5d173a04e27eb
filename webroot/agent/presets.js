// Sidebar presets (#sidebar-presets): My Open Tickets, Urgent Unassigned, SLA Breaching,
// each a link to the list with ?preset=..., with a live count from GET /api/presets,
// refreshed every 30 s and whenever refreshPresets() is called (after a bulk change).
import {get} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {formatCount} from '../shared/format.js';

const REFRESH_MS = 30000;
let section = null;
let listEl = null;
let timer = null;
let current = null;
let tokensByName = {};

export function startPresets() {
  section = document.getElementById('sidebar-presets');
  listEl = document.getElementById('preset-list');
  if (!section || !listEl) return;
  refreshPresets();
  timer = setInterval(refreshPresets, REFRESH_MS);
}

export function stopPresets() {
  clearInterval(timer);
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
