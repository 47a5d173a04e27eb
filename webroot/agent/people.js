// Staff (agents and admins) for the assignee selects, fetched once per page load.
import {get, itemsOf} from '../shared/api.js';
import {el} from '../shared/dom.js';

let staffPromise = null;

/** Resolves with [{id, name, email, role}] for every agent and admin, by name. */
export function loadStaff() {
  if (!staffPromise) {
    staffPromise = get('/api/users')
      .then((data) => itemsOf(data)
        .filter((u) => u.role === 'agent' || u.role === 'admin')
        .filter((u) => u.active !== false)
        .sort((a, b) => String(a.name).localeCompare(String(b.name))))
      .catch((err) => {
        staffPromise = null; // try again next time
        throw err;
      });
  }
  return staffPromise;
}

/**
 * Fills an assignee <select>: "Unassigned" plus every staff member, the
 * signed-in user marked "(me)". Keeps `selectedId` even if that person is no
 * longer listed (e.g. deactivated), so a save never drops them by accident.
 */
export function fillAssigneeSelect(select, staff, {selectedId = null, me = null, fallbackName = null} = {}) {
  const selected = selectedId === null || selectedId === undefined ? '' : String(selectedId);
  const opts = [el('option', {value: ''}, 'Unassigned')];
  let found = selected === '';
  for (const user of staff) {
    const isMe = me && user.id === me.id;
    if (String(user.id) === selected) found = true;
    opts.push(el('option', {value: String(user.id)},
      (user.name || user.email) + (isMe ? ' (me)' : '') + (user.role === 'admin' ? ' — admin' : '')));
  }
  if (!found) opts.push(el('option', {value: selected}, fallbackName || `User #${selected}`));
  select.replaceChildren(...opts);
  select.value = selected;
}
