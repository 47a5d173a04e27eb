// Changed while editing: the ticket page shows each newer version of its ticket
// (a live ticket.updated, or a reload) with reconcile(), keeping unsaved edits.
// A field edited here that the newer version changed to something else becomes a
// conflict: #live-conflict says who (from the ticket's history) and to what, with
// "Take theirs" / "Keep mine"; Save waits for that choice (blockSave()). A field
// they changed to the same value is simply no longer an edit. Either way the
// ticket (and so the version the next save sends) is the newest, so an unrelated
// change never makes a save fail.
import {get} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {label, exactTime} from '../shared/format.js';
import {listNames} from '../shared/live-ui.js';
import {changedBetween} from './ticket-fields.js';
import {keepRating} from './ticket-satisfaction.js';

const FIELD_WORDS = {dueAt: 'the due date', assignee: 'the assignee', tags: 'the tags', subject: 'the subject',
  description: 'the description'};

const fieldWord = (name) => FIELD_WORDS[name] || name;
const controlId = (name) => (name === 'dueAt' ? 'due' : name);

/** A field of a ticket in the shape the panel's setValue() takes. */
function apiValue(t, name) {
  if (name === 'assignee') return t.assignee ? t.assignee.id : null;
  if (name === 'tags') return t.tags || [];
  return t[name] ?? null;
}

/** A field's value as people read it, or null for long text (subject, description). */
function valueWords(name, t) {
  if (name === 'subject' || name === 'description') return null;
  if (name === 'assignee') return t.assignee ? t.assignee.name : 'nobody';
  if (name === 'tags') return (t.tags || []).length ? t.tags.join(', ') : 'no tags';
  if (name === 'dueAt') return t.dueAt ? exactTime(t.dueAt) : 'no due date';
  return label(t[name]);
}

/** The same, for a value as the panel's changes() gives it. */
function editWords(name, value, staff) {
  if (name === 'subject' || name === 'description') return null;
  if (name === 'assignee') {
    if (value === null || value === '') return 'nobody';
    const person = staff.find((p) => String(p.id) === String(value));
    return person ? person.name : 'agent #' + value;
  }
  if (name === 'tags') return (value || []).length ? value.join(', ') : 'no tags';
  if (name === 'dueAt') return value ? exactTime(value) : 'no due date';
  return label(value);
}

/**
 * The page's parts this works with: its form and fields panel, Save and its status line,
 * the ticket's API path, the page's abort signal, app (for the signed-in user), and
 * getTicket(), getStaff(), changes() (the unsaved edits), markDirty(), showTicket(t).
 */
export function createLiveConflicts({form, panel, save, saveStatus, path, signal, app,
  getTicket, getStaff, changes, markDirty, showTicket}) {
  const element = el('div', {id: 'live-conflict', hidden: true});
  const conflicts = new Map(); // field → {who, t, mine}: changed by someone else while being edited here
  let applying = false; // reconcile() is refilling the form

  /** Shows a newer version of the ticket, keeping unsaved edits; false when it is not newer, or another ticket. */
  function reconcile(t) {
    const ticket = getTicket();
    if (!ticket || !t || (t.ref !== ticket.ref && String(t.id) !== String(ticket.id))) return false;
    keepRating(t, ticket);
    if (typeof t.version === 'number' && typeof ticket.version === 'number' && t.version < ticket.version) return false;
    const mine = changes();
    const theirs = changedBetween(ticket, t);
    // Refilling the form must not move the caret of the field being typed in.
    const focused = document.activeElement;
    let caret = null;
    try {
      if (focused && form.contains(focused) && typeof focused.selectionStart === 'number') {
        caret = [focused.selectionStart, focused.selectionEnd];
      }
    } catch {
      caret = null;
    }
    applying = true;
    try {
      showTicket(t);
      for (const [name, value] of Object.entries(mine)) panel.setValue(name, value);
    } finally {
      applying = false;
    }
    if (caret && document.activeElement === focused) {
      try {
        focused.setSelectionRange(caret[0], caret[1]);
      } catch {
        // not a text field after all
      }
    }
    const still = changes();
    const fresh = [];
    for (const name of theirs) {
      if (!(name in mine) || !(name in still)) continue;
      conflicts.set(name, {who: null, t, mine: still[name]});
      fresh.push(name);
    }
    for (const [name, entry] of conflicts) if (!fresh.includes(name)) entry.t = t;
    markDirty();
    render();
    if (fresh.length) whoChanged(fresh, t);
    return true;
  }

  /** Drops the conflicts of fields no longer edited (set back, or to their value). */
  function prune() {
    if (!conflicts.size || applying) return;
    const still = changes();
    let dropped = false;
    for (const name of [...conflicts.keys()]) {
      if (!(name in still)) {
        conflicts.delete(name);
        dropped = true;
      } else {
        conflicts.get(name).mine = still[name];
      }
    }
    if (dropped) render();
  }

  /** Finds who made the change in the ticket's history (GET …/history), then says so. */
  async function whoChanged(names, t) {
    let changesList = [];
    try {
      changesList = await get(path + '/history', undefined, {signal});
    } catch {
      changesList = [];
    }
    for (const name of names) {
      const entry = conflicts.get(name);
      if (!entry || entry.t !== t) continue;
      const last = (Array.isArray(changesList) ? changesList : []).filter((c) => c.field === name).pop();
      const actor = last && last.actor;
      entry.who = !actor || !actor.name ? 'Someone'
        : app.user && String(actor.id) === String(app.user.id) ? 'You (in another window)' : actor.name;
    }
    render();
  }

  function render() {
    for (const node of form.querySelectorAll('.field.has-conflict')) node.classList.remove('has-conflict');
    if (!conflicts.size) {
      element.hidden = true;
      element.replaceChildren();
      return;
    }
    const items = [];
    for (const [name, {who, t, mine}] of conflicts) {
      const theirs = valueWords(name, t);
      const yours = editWords(name, mine, getStaff());
      const takeTheirs = el('button', {type: 'button', class: 'btn btn-small btn-primary',
        id: `take-theirs-${name}`}, theirs === null ? 'Take theirs' : `Take theirs (${theirs})`);
      const keepMine = el('button', {type: 'button', class: 'btn btn-small', id: `keep-mine-${name}`},
        yours === null ? 'Keep mine' : `Keep mine (${yours})`);
      takeTheirs.addEventListener('click', () => resolve(name, true));
      keepMine.addEventListener('click', () => resolve(name, false));
      items.push(el('div', {class: 'live-conflict-item', dataset: {field: name}},
        el('p', {class: 'live-conflict-text'},
          `${who || 'Someone'} changed ${fieldWord(name)}${theirs === null ? '' : ` to ${theirs}`} while you were editing.`,
          yours === null ? ' Your unsaved text is kept.' : ` Your unsaved value: ${yours}.`),
        el('div', {class: 'notice-actions'}, takeTheirs, keepMine)));
      form.querySelector('#' + controlId(name))?.closest('.field')?.classList.add('has-conflict');
    }
    replace(element, el('div', {class: 'notice notice-warning live-conflict', role: 'alert'},
      el('div', {class: 'notice-title'}, 'Changed while you were editing'), items));
    element.hidden = false;
  }

  function resolve(name, takeTheirs) {
    const entry = conflicts.get(name);
    if (!entry) return;
    conflicts.delete(name);
    if (takeTheirs) panel.setValue(name, apiValue(getTicket(), name));
    markDirty();
    render();
    saveStatus.textContent = takeTheirs
      ? `Their ${fieldWord(name).replace(/^the /, '')} is shown now.`
      : `Your ${fieldWord(name).replace(/^the /, '')} is kept: save to apply it.`;
    const control = form.querySelector('#' + controlId(name));
    (takeTheirs || !control ? save : control).focus();
  }

  return {
    element,
    reconcile,
    prune,
    /** True (and says so) while a conflict waits for its choice: never overwrite blindly. */
    blockSave() {
      if (!conflicts.size) return false;
      saveStatus.textContent = `Choose theirs or yours for ${listNames([...conflicts.keys()].map(fieldWord))} first.`;
      element.querySelector('button')?.focus();
      return true;
    },
    /** Saved, or the current values loaded: nothing is in conflict any more. */
    clear() {
      conflicts.clear();
      render();
    },
  };
}
