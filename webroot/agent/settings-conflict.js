// A settings save answered 409 (another admin saved first; the problem's `current` holds
// what is stored now): a notice in the form's error slot with "Show theirs" (drop my
// changes) and "Keep editing mine" (my values back; the next Save is based on theirs and
// replaces them). Used by Settings → Routing and Settings → SLA; the page keeps `loaded`
// (what it sends as `expected`) and sets it to `current` here via onLoaded.
import {el, replace} from '../shared/dom.js';

/** True when err is such a 409 with the stored values. */
export function isSettingsConflict(err) {
  return Boolean(err && err.status === 409 && err.problem && err.problem.current != null);
}

/**
 * slot: the form's error element; id: prefix of the button ids (`${id}-theirs`, `${id}-mine`);
 * title, theirsLabel, mineLabel: wording; onTheirs(current) and onMine() fill the form and
 * return the status line to show.
 */
export function showSettingsConflict(slot, err, {id, title, theirsLabel, mineLabel, onTheirs, onMine, status}) {
  const current = err.problem.current;
  const show = el('button', {type: 'button', class: 'btn btn-primary', id: `${id}-theirs`}, theirsLabel);
  const keep = el('button', {type: 'button', class: 'btn', id: `${id}-mine`}, mineLabel);
  show.addEventListener('click', () => {
    slot.replaceChildren();
    status.textContent = onTheirs(current) || '';
  });
  keep.addEventListener('click', () => {
    slot.replaceChildren();
    status.textContent = onMine() || '';
  });
  replace(slot, el('div', {class: 'notice-title'}, title), el('div', null, err.message),
    el('div', {class: 'notice-actions'}, show, keep));
  show.focus();
}
