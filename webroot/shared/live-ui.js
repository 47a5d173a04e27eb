// Small pieces the live pages share: the connection status and people's names.
//
//   const status = liveStatus(live, {id: 'live-status'});   // status.element, status.stop()
//   listNames(['Ann', 'Carl', 'Dee', 'Eve'])                  // 'Ann, Carl and 2 others'
import {el} from './dom.js';

const WORDS = {
  live: ['Live', 'Changes by others appear here as they happen.'],
  connecting: ['Connecting…', 'Connecting for live updates.'],
  offline: ['Reconnecting…', 'The live connection dropped; reconnecting. Nothing is lost meanwhile.'],
  unauthorized: ['Live updates off', 'Your session ended: sign in again for live updates.'],
};

/**
 * A small dot and word that follow live.onStatus: "Live", "Reconnecting…".
 * {quiet: true} shows nothing while live (for the portal, where only trouble is worth a word).
 * Returns {element, stop()}; element.dataset.state is the status.
 */
export function liveStatus(live, {id, quiet = false} = {}) {
  const text = el('span', {class: 'live-status-text'});
  const element = el('span', {class: ['live-status', quiet ? 'is-quiet' : null], id},
    el('span', {class: 'live-dot', 'aria-hidden': 'true'}), text);
  const stop = live.onStatus((state) => {
    const [word, title] = WORDS[state] || WORDS.connecting;
    element.dataset.state = state;
    element.title = title;
    text.textContent = word;
  });
  return {element, stop};
}

/** 'Ann', 'Ann and Carl', 'Ann, Carl and Dee', 'Ann, Carl and 2 others'. */
export function listNames(names, max = 3) {
  const all = names.filter(Boolean);
  if (all.length <= 1) return all[0] || '';
  if (all.length <= max) return all.slice(0, -1).join(', ') + ' and ' + all[all.length - 1];
  const shown = all.slice(0, max - 1);
  return shown.join(', ') + ' and ' + (all.length - shown.length) + ' others';
}

/** The first word of a name ("Carl" for "Carl Lindqvist"). */
export function firstName(name) {
  return String(name || '').trim().split(/\s+/)[0] || '';
}
