// A save answered 409 (someone else saved first): #conflict-notice says what they
// changed (from the ticket as it is now, the problem's `current`, else a GET) and
// offers "Load current values", "Load current values, keep my edits" (both call
// onApply(current, keepMine)) and "Dismiss". Nothing is saved until the agent does
// it again.
import {get} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {changedBetween, describeField} from './ticket-fields.js';

export function createSaveConflict({path, getTicket, onApply}) {
  const element = el('div', {id: 'conflict-notice', hidden: true});

  async function show(current) {
    if (!current) {
      try {
        current = await get(path);
      } catch {
        current = null;
      }
    }
    const theirs = current ? changedBetween(getTicket(), current) : [];
    const what = theirs.length ? theirs.map((n) => describeField(n, current)).join('; ') : null;
    const reload = el('button', {type: 'button', class: 'btn btn-primary btn-small', id: 'conflict-reload'},
      'Load current values');
    const merge = el('button', {type: 'button', class: 'btn btn-small', id: 'conflict-merge'},
      'Load current values, keep my edits');
    const dismiss = el('button', {type: 'button', class: 'btn btn-small', id: 'conflict-dismiss'}, 'Dismiss');
    reload.addEventListener('click', () => onApply(current, false));
    merge.addEventListener('click', () => onApply(current, true));
    dismiss.addEventListener('click', hide);
    replace(element, el('div', {class: 'notice notice-warning', role: 'alert'},
      el('div', {class: 'notice-title'}, 'Someone else changed this ticket'),
      el('p', null, 'Your changes were not saved. ',
        what ? `They changed: ${what}. ` : '',
        'Load the current values, then make your change again.'),
      el('div', {class: 'notice-actions'}, current ? reload : null, current ? merge : null, dismiss)));
    element.hidden = false;
    element.scrollIntoView({block: 'nearest'});
    (current ? reload : dismiss).focus();
  }

  function hide() {
    element.hidden = true;
    element.replaceChildren();
  }

  return {element, show, hide};
}
