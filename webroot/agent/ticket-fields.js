// The editable fields of a ticket (side panel of the ticket page): building
// the controls, filling them from a ticket, and working out what changed.
import {el, options} from '../shared/dom.js';
import {field} from '../shared/forms.js';
import {
  STATUSES, PRIORITIES, CATEGORIES, CHANNELS, enumOptions, label, exactTime,
  isoToLocalInput, localInputToIso,
} from '../shared/format.js';
import {fillAssigneeSelect} from './people.js';
import {tagsField} from './tags.js';

/** API names of the fields the panel edits, in PATCH order. */
export const EDITABLE = ['subject', 'description', 'status', 'priority', 'category', 'channel', 'assignee', 'tags', 'dueAt'];

/** A ticket's value of one field, in the shape formValue() returns. */
function ticketValue(t, name) {
  switch (name) {
    case 'assignee': return t.assignee ? t.assignee.id : null;
    case 'tags': return t.tags || [];
    case 'dueAt': return isoToLocalInput(t.dueAt); // minutes, as the input shows them
    default: return t[name] ?? '';
  }
}

function same(a, b) {
  return Array.isArray(a) ? JSON.stringify(a) === JSON.stringify(b) : a === b;
}

/** Names of the fields that differ between two versions of a ticket. */
export function changedBetween(a, b) {
  return EDITABLE.filter((name) => !same(ticketValue(a, name), ticketValue(b, name)));
}

/** "priority → Low", "assignee → Carl Lindqvist", "subject". */
export function describeField(name, t) {
  const word = name === 'dueAt' ? 'due' : name;
  if (name === 'subject' || name === 'description') return word;
  let value;
  if (name === 'assignee') value = t.assignee ? t.assignee.name : 'Unassigned';
  else if (name === 'tags') value = (t.tags || []).join(', ') || 'none';
  else if (name === 'dueAt') value = t.dueAt ? exactTime(t.dueAt) : 'none';
  else value = label(t[name]);
  return `${word} → ${value}`;
}

/**
 * Builds the panel's controls. Returns {fields, fill(ticket, staff, me),
 * changes(base), setValue(name, apiValue)}; `fields` is an array of nodes to
 * place in the form, in display order.
 */
export function createTicketFields() {
  const c = {
    subject: el('input', {type: 'text', id: 'subject', maxlength: '200', autocomplete: 'off'}),
    description: el('textarea', {id: 'description', rows: '6'}),
    status: el('select', {id: 'status'}, options(enumOptions(STATUSES))),
    priority: el('select', {id: 'priority'}, options(enumOptions(PRIORITIES))),
    category: el('select', {id: 'category'}, options(enumOptions(CATEGORIES))),
    channel: el('select', {id: 'channel'}, options(enumOptions(CHANNELS))),
    assignee: el('select', {id: 'assignee'}),
    due: el('input', {type: 'datetime-local', id: 'due'}),
  };
  const tags = tagsField();

  const fields = [
    field('Status', c.status),
    el('div', {class: 'field-row'}, field('Priority', c.priority), field('Category', c.category)),
    el('div', {class: 'field-row'}, field('Channel', c.channel), field('Assignee', c.assignee)),
    tags.element,
    field('Due', c.due, {hint: 'Your local time. Clear it for no due date.'}),
    field('Subject', c.subject),
    field('Description', c.description),
  ];

  function formValue(name) {
    switch (name) {
      case 'assignee': return c.assignee.value ? Number(c.assignee.value) : null;
      case 'tags': return tags.getTags();
      case 'dueAt': return c.due.value;
      case 'subject': return c.subject.value.trim();
      default: return c[name].value;
    }
  }

  function fill(t, staff, me) {
    c.subject.value = t.subject || '';
    c.description.value = t.description || '';
    c.status.value = t.status;
    c.priority.value = t.priority;
    c.category.value = t.category;
    c.channel.value = t.channel;
    fillAssigneeSelect(c.assignee, staff, {
      selectedId: t.assignee ? t.assignee.id : null, me, fallbackName: t.assignee && t.assignee.name,
    });
    tags.setTags(t.tags);
    c.due.value = isoToLocalInput(t.dueAt);
    // A closed ticket can only be reopened.
    for (const option of c.status.options) {
      option.disabled = t.status === 'closed' && !['closed', 'open'].includes(option.value);
    }
  }

  /** The fields edited relative to `base`, in API shape (dueAt as ISO UTC or null). */
  function changes(base) {
    const out = {};
    for (const name of EDITABLE) {
      const value = formValue(name);
      if (same(value, ticketValue(base, name))) continue;
      out[name] = name === 'dueAt' ? localInputToIso(value) : value;
    }
    return out;
  }

  /** Puts an API-shaped value (as changes() returns it) back into its control. */
  function setValue(name, value) {
    if (name === 'tags') tags.setTags(value);
    else if (name === 'dueAt') c.due.value = isoToLocalInput(value);
    else if (name === 'assignee') c.assignee.value = value === null ? '' : String(value);
    else c[name].value = value;
  }

  return {fields, controls: c, fill, changes, setValue};
}
