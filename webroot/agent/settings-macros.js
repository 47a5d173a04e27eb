// Settings → Macros (#/settings/macros): the macros one may use, a form to add one (shared ones
// for admins), delete. A macro is a message (reply or note, with {{requester.name}},
// {{ticket.ref}}, {{ticket.subject}}, {{agent.name}}) and field changes, applied from a ticket (m).
import {get, post, del} from '../shared/api.js';
import {el, replace, options} from '../shared/dom.js';
import {parseTags} from '../shared/format.js';
import {confirmDialog} from '../shared/ui.js';
import {field, clearErrors, clearErrorsOnEdit, showProblem} from '../shared/forms.js';

const KEEP = [['', 'Keep as is']];
const STATUSES = ['open', 'pending', 'in_progress', 'on_hold', 'resolved', 'closed'];
const PRIORITIES = ['urgent', 'high', 'medium', 'low'];

export function mount(root, {app}) {
  app.setTitle('Macros');
  const isAdmin = app.user && app.user.role === 'admin';
  const table = el('tbody', {id: 'macro-rows'});
  const error = el('div', {class: 'form-error', id: 'macro-form-error', role: 'alert'});
  const title = el('input', {type: 'text', id: 'macro-title-input', required: true, maxlength: '100'});
  const type = el('select', {id: 'macro-type'}, options([['reply', 'Reply'], ['note', 'Internal note'],
    ['', 'No message']], 'reply'));
  const body = el('textarea', {id: 'macro-body', rows: '4',
    placeholder: 'Hello {{requester.name}}, … {{agent.name}}'});
  const status = el('select', {id: 'macro-status'}, options([...KEEP, ...STATUSES.map((s) => [s, s.replace('_', ' ')])], ''));
  const priority = el('select', {id: 'macro-priority'}, options([...KEEP, ...PRIORITIES.map((p) => [p, p])], ''));
  const addTags = el('input', {type: 'text', id: 'macro-add-tags', placeholder: 'e.g. refund, vip'});
  const shared = el('input', {type: 'checkbox', id: 'macro-shared', disabled: !isAdmin});
  // one labelled field per row, each with its error beside it (UX: errors next to the field)
  const form = el('form', {id: 'macro-form', class: 'settings-card settings-form', novalidate: true},
    el('h2', null, 'Add a macro'), error,
    field('Title', title),
    el('div', {class: 'field-row'}, field('Message', type), field('Set status', status)),
    field('Text', body, {hint: 'Placeholders: {{requester.name}}, {{ticket.ref}}, {{ticket.subject}}, {{agent.name}}'}),
    el('div', {class: 'field-row'}, field('Set priority', priority), field('Add tags', addTags,
      {hint: 'Separated by commas'})),
    el('div', {class: 'check-field'}, shared, el('label', {for: 'macro-shared'},
      isAdmin ? 'Shared with the whole team' : 'Shared (admins only: yours stay private)')),
    el('div', {class: 'form-actions'}, el('button', {type: 'submit', class: 'btn btn-primary', id: 'macro-save'},
      'Add macro')));
  clearErrorsOnEdit(form);
  root.append(el('section', {class: 'view', 'aria-labelledby': 'view-title'},
    el('h1', {id: 'view-title', tabindex: '-1'}, 'Macros'),
    el('p', {class: 'muted'}, 'Canned replies with actions. On a ticket, press m to pick one.'),
    // scrolls sideways on a phone instead of widening the page
    el('div', {class: 'targets-wrap'}, el('table', {class: 'macro-table', id: 'macro-table'},
      el('thead', null, el('tr', null, ['Title', 'Message', 'Changes', 'Shared', ''].map((h) =>
        el('th', {scope: 'col'}, h)))), table)),
    form));

  async function load() {
    const macros = await get('/api/macros');
    if (!macros.length) {
      replace(table, el('tr', null, el('td', {colspan: '5', class: 'muted'},
        'No macros yet. Add the answers you give most often below.')));
      return;
    }
    replace(table, ...macros.map((m) => el('tr', {dataset: {id: String(m.id)}},
      el('td', null, m.title),
      el('td', null, m.message ? `${m.message.type}: ${m.message.body.slice(0, 60)}` : '—'),
      el('td', null, Object.entries(m.set || {}).map(([k, v]) => `${k} → ${Array.isArray(v) ? v.join(', ') : v}`)
        .join('; ') || '—'),
      el('td', null, m.shared ? 'Shared' : 'Private'),
      el('td', null, (!m.shared || isAdmin) && (m.shared || m.ownerId === app.user.id)
        ? el('button', {type: 'button', class: 'btn btn-small btn-danger', dataset: {id: String(m.id)},
          'aria-label': `Delete macro ${m.title}`}, 'Delete') : null))));
  }

  table.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-id]');
    if (!button) return;
    const ok = await confirmDialog({title: 'Delete this macro?', confirmLabel: 'Delete', danger: true,
      message: 'It is gone for everyone who uses it.', id: 'delete-macro-dialog'});
    if (ok) {
      await del('/api/macros/' + button.dataset.id);
      load();
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, error);
    const set = {};
    if (status.value) set.status = status.value;
    if (priority.value) set.priority = priority.value;
    const tags = parseTags(addTags.value);
    if (tags.length) set.addTags = tags;
    try {
      await post('/api/macros', {title: title.value.trim(), shared: shared.checked,
        message: type.value ? {type: type.value, body: body.value} : null, set});
      form.reset();
      load();
    } catch (err) {
      const first = showProblem(err, {title: 'macro-title-input', message: 'macro-body', set: 'macro-status',
        shared: 'macro-shared'}, error);
      if (first) first.focus();
    }
  });

  load().catch((err) => replace(table, el('tr', null, el('td', {colspan: '5'}, err.message))));
  return {};
}
