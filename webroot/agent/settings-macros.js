// Settings → Macros (#/settings/macros): the macros one may use, one form to add a macro or edit
// one (PATCH /api/macros/{id}; shared ones for admins), delete. A macro is a message (reply or
// note, with {{requester.name}}, {{ticket.ref}}, {{ticket.subject}}, {{agent.name}}) and field
// changes (status, priority, category, agent, tags to add and to remove), applied from a ticket (m).
// Who may change what is the server's rule (MacroRoutes): a private macro its owner, a shared one
// admins; anyone else sees a shared macro read-only in the same form.
import {get, post, patch, del} from '../shared/api.js';
import {el, replace, options} from '../shared/dom.js';
import {parseTags, label, enumOptions, STATUSES, PRIORITIES, CATEGORIES} from '../shared/format.js';
import {confirmDialog} from '../shared/ui.js';
import {field, clearErrors, clearErrorsOnEdit, showProblem} from '../shared/forms.js';
import {loadStaff} from './people.js';

const KEEP = [['', 'Keep as is']];
const UNASSIGN = 'none'; // the agent select's value for "set.assignee": null
// API field → control, the nested names first (showProblem falls back to the first part)
const FIELD_IDS = {title: 'macro-title-input', 'message.type': 'macro-type', message: 'macro-body',
  'set.status': 'macro-status', 'set.priority': 'macro-priority', 'set.category': 'macro-category',
  'set.assignee': 'macro-assignee', 'set.addTags': 'macro-add-tags', 'set.removeTags': 'macro-remove-tags',
  set: 'macro-status', shared: 'macro-shared'};

export function mount(root, {app}) {
  app.setTitle('Macros');
  const me = app.user || {};
  const isAdmin = me.role === 'admin';
  const mayEdit = (m) => (m.shared ? isAdmin : m.ownerId === me.id);
  let macros = [];
  let staff = [];
  let editing = null; // the macro in the form, or null when the form adds one

  const table = el('tbody', {id: 'macro-rows'});
  const error = el('div', {class: 'form-error', id: 'macro-form-error', role: 'alert'});
  const heading = el('h2', {id: 'macro-form-title', tabindex: '-1'}, 'Add a macro');
  const readOnlyNote = el('p', {class: 'muted', id: 'macro-read-only', hidden: true},
    'A shared macro: only admins change it. Copy what you need into a private one of your own.');
  const title = el('input', {type: 'text', id: 'macro-title-input', required: true, maxlength: '100'});
  const type = el('select', {id: 'macro-type'}, options([['reply', 'Reply'], ['note', 'Internal note'],
    ['', 'No message']], 'reply'));
  const body = el('textarea', {id: 'macro-body', rows: '4',
    placeholder: 'Hello {{requester.name}}, … {{agent.name}}'});
  const status = el('select', {id: 'macro-status'}, options([...KEEP, ...enumOptions(STATUSES)], ''));
  const priority = el('select', {id: 'macro-priority'}, options([...KEEP, ...enumOptions(PRIORITIES)], ''));
  const category = el('select', {id: 'macro-category'}, options([...KEEP, ...enumOptions(CATEGORIES)], ''));
  const assignee = el('select', {id: 'macro-assignee'});
  const addTags = el('input', {type: 'text', id: 'macro-add-tags', placeholder: 'e.g. refund, vip'});
  const removeTags = el('input', {type: 'text', id: 'macro-remove-tags', placeholder: 'e.g. waiting'});
  const shared = el('input', {type: 'checkbox', id: 'macro-shared', disabled: !isAdmin});
  const save = el('button', {type: 'submit', class: 'btn btn-primary', id: 'macro-save'}, 'Add macro');
  const cancel = el('button', {type: 'button', class: 'btn', id: 'macro-cancel', hidden: true}, 'Cancel');
  const fieldset = el('fieldset', {class: 'settings-fieldset', id: 'macro-fieldset'},
    el('legend', {class: 'visually-hidden'}, 'Macro'),
    field('Title', title),
    el('div', {class: 'field-row'}, field('Message', type), field('Set status', status)),
    field('Text', body, {hint: 'Placeholders: {{requester.name}}, {{ticket.ref}}, {{ticket.subject}}, {{agent.name}}'}),
    el('div', {class: 'field-row'}, field('Set priority', priority), field('Set category', category)),
    el('div', {class: 'field-row'}, field('Set agent', assignee), el('div')),
    el('div', {class: 'field-row'}, field('Add tags', addTags, {hint: 'Separated by commas'}),
      field('Remove tags', removeTags, {hint: 'Separated by commas'})),
    el('div', {class: 'check-field'}, shared, el('label', {for: 'macro-shared'},
      isAdmin ? 'Shared with the whole team' : 'Shared (admins only: yours stay private)')));
  // one labelled field per row, each with its error beside it (UX: errors next to the field)
  const form = el('form', {id: 'macro-form', class: 'settings-card settings-form', novalidate: true,
    'aria-labelledby': 'macro-form-title'},
  heading, readOnlyNote, error, fieldset,
  el('div', {class: 'form-actions'}, save, cancel));
  clearErrorsOnEdit(form);
  root.append(el('section', {class: 'view', 'aria-labelledby': 'view-title'},
    el('h1', {id: 'view-title', tabindex: '-1'}, 'Macros'),
    el('p', {class: 'muted'}, 'Canned replies with actions. On a ticket, press m to pick one.'),
    // scrolls sideways on a phone instead of widening the page
    el('div', {class: 'targets-wrap'}, el('table', {class: 'macro-table', id: 'macro-table'},
      el('thead', null, el('tr', null, ['Title', 'Message', 'Changes', 'Shared', ''].map((h) =>
        el('th', {scope: 'col'}, h)))), table)),
    form));

  function fillAssignee(selected) {
    const choices = [...KEEP, [UNASSIGN, 'Unassign'],
      ...staff.map((u) => [String(u.id), (u.name || u.email) + (u.id === me.id ? ' (me)' : '')])];
    // a macro may name someone no longer active: keep them, so saving never drops them unseen
    if (selected && !choices.some(([v]) => v === selected)) choices.push([selected, personName(Number(selected))]);
    replace(assignee, ...options(choices, selected));
  }

  function personName(id) {
    const u = staff.find((s) => s.id === id);
    return u ? u.name || u.email : `User #${id}`;
  }

  /** "status → Resolved; agent → Bob; add tags → vip" for the table. */
  function describe(set) {
    const parts = [];
    for (const [key, text] of [['status', 'status'], ['priority', 'priority'], ['category', 'category']]) {
      if (set[key]) parts.push(`${text} → ${label(set[key])}`);
    }
    if ('assignee' in set) parts.push(set.assignee === null ? 'unassign' : `agent → ${personName(set.assignee)}`);
    if (set.addTags && set.addTags.length) parts.push(`add tags → ${set.addTags.join(', ')}`);
    if (set.removeTags && set.removeTags.length) parts.push(`remove tags → ${set.removeTags.join(', ')}`);
    return parts.join('; ') || '—';
  }

  function row(m) {
    const editable = mayEdit(m);
    return el('tr', {dataset: {id: String(m.id)}, class: editing && editing.id === m.id ? 'is-editing' : null},
      el('td', null, m.title),
      el('td', null, m.message ? `${m.message.type}: ${m.message.body.slice(0, 60)}` : '—'),
      el('td', null, describe(m.set || {})),
      el('td', null, m.shared ? 'Shared' : 'Private'),
      el('td', {class: 'nowrap'},
        el('button', {type: 'button', class: 'btn btn-small', id: `macro-edit-${m.id}`,
          dataset: {action: 'edit', id: String(m.id)}, 'aria-label': `${editable ? 'Edit' : 'View'} macro ${m.title}`},
        editable ? 'Edit' : 'View'), ' ',
        editable ? el('button', {type: 'button', class: 'btn btn-small btn-danger', id: `macro-delete-${m.id}`,
          dataset: {action: 'delete', id: String(m.id)}, 'aria-label': `Delete macro ${m.title}`}, 'Delete') : null));
  }

  function render() {
    if (!macros.length) {
      replace(table, el('tr', null, el('td', {colspan: '5', class: 'muted'},
        'No macros yet. Add the answers you give most often below.')));
      return;
    }
    replace(table, ...macros.map(row));
  }

  async function load() {
    [macros, staff] = await Promise.all([get('/api/macros'), loadStaff().catch(() => staff)]);
    if (editing) editing = macros.find((m) => m.id === editing.id) || null;
    if (!editing) fillAssignee(assignee.value);
    render();
  }

  /** The form for `m` (edit, or read-only when the server would refuse), or empty to add one. */
  function open(m) {
    clearErrors(form, error);
    editing = m;
    const set = (m && m.set) || {};
    const readOnly = Boolean(m) && !mayEdit(m);
    title.value = m ? m.title : '';
    type.value = m ? (m.message ? m.message.type : '') : 'reply';
    body.value = m && m.message ? m.message.body : '';
    status.value = set.status || '';
    priority.value = set.priority || '';
    category.value = set.category || '';
    fillAssignee(!('assignee' in set) ? '' : set.assignee === null ? UNASSIGN : String(set.assignee));
    addTags.value = (set.addTags || []).join(', ');
    removeTags.value = (set.removeTags || []).join(', ');
    shared.checked = Boolean(m && m.shared);
    fieldset.disabled = readOnly;
    shared.disabled = readOnly || !isAdmin;
    readOnlyNote.hidden = !readOnly;
    save.hidden = readOnly;
    heading.textContent = !m ? 'Add a macro' : readOnly ? `Shared macro “${m.title}”` : `Edit “${m.title}”`;
    save.textContent = m ? 'Save changes' : 'Add macro';
    cancel.hidden = !m;
    cancel.textContent = readOnly ? 'Close' : 'Cancel';
    render();
  }

  function backToList(id) {
    open(null);
    const button = id && document.getElementById(`macro-edit-${id}`);
    if (button) button.focus();
  }

  table.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button) return;
    const m = macros.find((x) => String(x.id) === button.dataset.id);
    if (!m) return;
    if (button.dataset.action === 'edit') {
      open(m);
      form.scrollIntoView({block: 'start'});
      (fieldset.disabled ? heading : title).focus();
      return;
    }
    const ok = await confirmDialog({title: 'Delete this macro?', confirmLabel: 'Delete', danger: true,
      message: 'It is gone for everyone who uses it.', id: 'delete-macro-dialog'});
    if (ok) {
      await del('/api/macros/' + m.id);
      if (editing && editing.id === m.id) open(null);
      load();
    }
  });

  cancel.addEventListener('click', () => backToList(editing && editing.id));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (fieldset.disabled) return;
    clearErrors(form, error);
    const set = {};
    if (status.value) set.status = status.value;
    if (priority.value) set.priority = priority.value;
    if (category.value) set.category = category.value;
    if (assignee.value) set.assignee = assignee.value === UNASSIGN ? null : Number(assignee.value);
    const add = parseTags(addTags.value);
    if (add.length) set.addTags = add;
    const remove = parseTags(removeTags.value);
    if (remove.length) set.removeTags = remove;
    const macro = {title: title.value.trim(), shared: shared.checked,
      message: type.value ? {type: type.value, body: body.value} : null, set};
    const id = editing && editing.id;
    try {
      if (id) {
        await patch('/api/macros/' + id, macro);
      } else {
        await post('/api/macros', macro);
      }
      await load();
      backToList(id);
    } catch (err) {
      const first = showProblem(err, FIELD_IDS, error);
      if (first) first.focus();
    }
  });

  open(null);
  load().catch((err) => replace(table, el('tr', null, el('td', {colspan: '5'}, err.message))));
  return {};
}
