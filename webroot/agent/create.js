// New ticket form (#/new): POST /api/tickets, then open the new ticket.
import {post} from '../shared/api.js';
import {el, options} from '../shared/dom.js';
import {field, clearErrors, clearErrorsOnEdit, setFieldError, showProblem} from '../shared/forms.js';
import {CHANNELS, PRIORITIES, CATEGORIES, enumOptions, localInputToIso, parseTags} from '../shared/format.js';
import {toast} from '../shared/ui.js';
import {createRequesterPicker} from './requester-picker.js';
import {loadStaff, fillAssigneeSelect} from './people.js';
import {tagsField} from './tags.js';
import {FIELD_IDS} from './field-ids.js';

export function mount(root, {app}) {
  app.setTitle('New ticket');

  const subject = el('input', {type: 'text', id: 'subject', name: 'subject', maxlength: '200', required: true,
    autocomplete: 'off'});
  const description = el('textarea', {id: 'description', name: 'description', rows: '7'});
  const picker = createRequesterPicker();
  const channel = el('select', {id: 'channel', name: 'channel'}, options(enumOptions(CHANNELS), 'phone'));
  const priority = el('select', {id: 'priority', name: 'priority'}, options(enumOptions(PRIORITIES), 'medium'));
  const category = el('select', {id: 'category', name: 'category'}, options(enumOptions(CATEGORIES), 'general'));
  const assignee = el('select', {id: 'assignee', name: 'assignee'}, el('option', {value: ''}, 'Unassigned'));
  const tags = tagsField();
  const due = el('input', {type: 'datetime-local', id: 'due', name: 'due'});
  const submit = el('button', {type: 'submit', class: 'btn btn-primary', id: 'create-submit'}, 'Create ticket');
  const formError = el('div', {class: 'form-error', id: 'create-error', role: 'alert'});

  const form = el('form', {id: 'create-form', class: 'create-form', novalidate: true},
    formError,
    el('div', {class: 'form-grid'},
      field('Subject', subject, {className: 'span-all'}),
      field('Description', description, {className: 'span-all', hint: 'Plain text. The requester sees this.'}),
      el('div', {class: 'span-all'}, picker.element),
      field('Channel', channel),
      field('Priority', priority),
      field('Category', category),
      field('Assignee', assignee),
      el('div', {class: 'span-2'}, tags.element),
      field('Due', due, {hint: 'Your local time. Optional.'})),
    el('div', {class: 'form-actions'},
      submit,
      el('a', {href: '#/', class: 'btn', id: 'create-cancel'}, 'Cancel')));

  root.append(el('section', {class: 'view view-create', 'aria-labelledby': 'view-title'},
    el('div', {class: 'view-head'},
      el('div', {class: 'view-title-row'}, el('h1', {id: 'view-title', tabindex: '-1'}, 'New ticket'))),
    form));

  loadStaff()
    .then((staff) => fillAssigneeSelect(assignee, staff, {me: app.user}))
    .catch((err) => setFieldError('assignee', 'Could not load agents: ' + err.message));

  clearErrorsOnEdit(form);
  subject.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, formError);
    const body = {
      subject: subject.value.trim(),
      description: description.value,
      requester: picker.getReference(),
      channel: channel.value,
      priority: priority.value,
      category: category.value,
      tags: parseTags(tags.input.value),
    };
    if (assignee.value) body.assignee = Number(assignee.value);
    const dueAt = localInputToIso(due.value);
    if (dueAt) body.dueAt = dueAt;

    const missing = [];
    if (!body.subject) missing.push(['subject', 'Enter a subject.']);
    if (!body.requester) {
      missing.push(['requester-search', picker.input.value.trim()
        ? 'Pick someone from the list, or create a new contact.'
        : 'Choose who this ticket is for.']);
    }
    if (due.value && !dueAt) missing.push(['due', 'Enter a valid date and time.']);
    if (missing.length) {
      for (const [id, message] of missing) setFieldError(id, message);
      document.getElementById(missing[0][0]).focus();
      return;
    }

    submit.disabled = true;
    submit.textContent = 'Creating…';
    try {
      const ticket = await post('/api/tickets', body);
      toast(`${ticket.ref} created`);
      app.navigate('#/tickets/' + encodeURIComponent(ticket.ref));
    } catch (err) {
      if (err.status === 401) return;
      const first = showProblem(err, FIELD_IDS, formError);
      (first || formError).scrollIntoView({block: 'center'});
      if (first) first.focus();
      submit.disabled = false;
      submit.textContent = 'Create ticket';
    }
  });

  return {};
}
