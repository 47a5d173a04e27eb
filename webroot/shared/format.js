// Formatting shared by every page: enum labels, relative times, pills.
import {el} from './dom.js';

export const STATUSES = ['open', 'pending', 'in_progress', 'on_hold', 'resolved', 'closed'];
export const PRIORITIES = ['urgent', 'high', 'medium', 'low'];
export const CATEGORIES = ['general', 'billing', 'technical', 'account', 'feature_request', 'bug_report', 'other'];
export const CHANNELS = ['email', 'web', 'phone', 'chat', 'internal'];
export const SLA_STATES = ['ok', 'approaching', 'breached', 'paused', 'met'];

const SPECIAL_LABELS = {ok: 'OK', sla: 'SLA'};

/** in_progress → "In progress", feature_request → "Feature request". */
export function label(value) {
  if (value === null || value === undefined || value === '') return '';
  const s = String(value);
  if (SPECIAL_LABELS[s]) return SPECIAL_LABELS[s];
  const words = s.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** [[value, label], ...] for a <select>. */
export function enumOptions(values) {
  return values.map((v) => [v, label(v)]);
}

const UNITS = [
  ['year', 365 * 24 * 3600, 'yr'],
  ['month', 30 * 24 * 3600, 'mo'],
  ['week', 7 * 24 * 3600, 'wk'],
  ['day', 24 * 3600, 'day'],
  ['hour', 3600, 'h'],
  ['minute', 60, 'min'],
];

/** "4 min ago", "in 23 min", "just now", "3 days ago". */
export function relativeTime(iso, now = Date.now()) {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const diff = Math.round((t - now) / 1000);
  const abs = Math.abs(diff);
  if (abs < 45) return diff <= 0 ? 'just now' : 'in a moment';
  for (const [name, seconds, short] of UNITS) {
    if (abs >= seconds * 0.95 || name === 'minute') {
      const n = Math.max(1, Math.round(abs / seconds));
      const unit = short === 'min' || short === 'h' ? short : n === 1 ? name : name + 's';
      return diff < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
    }
  }
  return '';
}

/** The exact local time, e.g. "Mon, 23 Nov 2026, 14:05" (shown on hover). */
export function exactTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(undefined, {
    weekday: 'short', year: 'numeric', month: 'short', day: 'numeric',
    hour: '2-digit', minute: '2-digit',
  });
}

/**
 * <time> showing a relative time with the exact time as its title.
 * `prefix`/`suffix` wrap the relative text ("due " + "in 23 min").
 * refreshTimes() keeps every such element current.
 */
export function timeEl(iso, {prefix = '', empty = '—'} = {}) {
  if (!iso) return el('span', {class: 'muted'}, empty);
  const node = el('time', {datetime: iso, title: exactTime(iso), class: 'rel-time'});
  node.dataset.prefix = prefix;
  node.textContent = prefix + relativeTime(iso);
  return node;
}

/** Re-renders every relative time below `root`. */
export function refreshTimes(root = document) {
  const now = Date.now();
  for (const node of root.querySelectorAll('time.rel-time')) {
    node.textContent = (node.dataset.prefix || '') + relativeTime(node.getAttribute('datetime'), now);
  }
}

let timer = null;
/** Starts a once-per-30-s refresh of relative times (idempotent). */
export function startTimeRefresh() {
  if (!timer) timer = setInterval(() => refreshTimes(), 30000);
}

export function statusPill(status) {
  return el('span', {class: ['pill', 'status', 'status-' + status], dataset: {status}}, label(status));
}

export function priorityPill(priority) {
  return el('span', {class: ['pill', 'priority', 'priority-' + priority], dataset: {priority}},
    el('span', {class: 'pill-dot', 'aria-hidden': 'true'}), label(priority));
}

const SLA_WORDS = {ok: 'On track', approaching: 'Approaching', breached: 'Breached', paused: 'Paused', met: 'Met'};

export function slaPill(state) {
  if (!state) return el('span', {class: 'muted'}, '—');
  const icon = state === 'met' ? '✓' : state === 'breached' ? '!' : state === 'paused' ? '❚❚' : '●';
  return el('span', {class: ['pill', 'sla', 'sla-' + state], dataset: {sla: state}},
    el('span', {class: 'pill-icon', 'aria-hidden': 'true'}, icon), 'SLA ' + (SLA_WORDS[state] || label(state)));
}

/** "Ann Kowalski" → "AK" for avatars. */
export function initials(name) {
  if (!name) return '?';
  const parts = String(name).trim().split(/\s+/);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : parts[0].slice(0, 2);
  return letters.toUpperCase();
}

/** ISO UTC → value for <input type="datetime-local"> in local time. */
export function isoToLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** <input type="datetime-local"> value (local time) → ISO UTC without millis, or null. */
export function localInputToIso(value) {
  if (!value) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "vip, printer,, x" → ["vip", "printer", "x"] (trimmed, empties dropped). */
export function parseTags(text) {
  return String(text || '').split(',').map((t) => t.trim()).filter(Boolean);
}

export function formatCount(n) {
  return Number(n || 0).toLocaleString();
}

export function fileSize(bytes) {
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(0) + ' KB';
  return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}
