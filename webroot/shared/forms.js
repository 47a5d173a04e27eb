// Form building and problem-JSON error placement.
//
// Convention: a control with id X has its error in <span id="X-error">, and
// field(...) builds the label, the control, an optional hint and that span.
import {el, replace} from './dom.js';

/** <div class="field"><label for=id>…</label> control hint <span id=id-error></div> */
export function field(labelText, control, {hint, className, errorId} = {}) {
  const id = control.id;
  const errId = errorId || id + '-error';
  const describedBy = [hint ? id + '-hint' : null, errId].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', describedBy);
  return el('div', {class: ['field', className]},
    el('label', {for: id}, labelText),
    control,
    hint ? el('span', {class: 'hint', id: id + '-hint'}, hint) : null,
    el('span', {class: 'field-error', id: errId, 'aria-live': 'polite'}));
}

/** Removes every error message and aria-invalid mark inside `root`. */
export function clearErrors(root, formError) {
  for (const node of root.querySelectorAll('.field-error')) node.textContent = '';
  for (const node of root.querySelectorAll('[aria-invalid="true"]')) node.removeAttribute('aria-invalid');
  if (formError) formError.replaceChildren();
}

/** Shows `message` under the control with id `id`. */
export function setFieldError(id, message) {
  const control = document.getElementById(id);
  const slot = document.getElementById(id + '-error');
  if (control) control.setAttribute('aria-invalid', 'true');
  if (slot) slot.textContent = slot.textContent ? slot.textContent + ' ' + message : message;
  return Boolean(slot);
}

/**
 * Places an ApiError's field errors next to their controls.
 * fieldMap maps API field names ("subject", "dueAt", "requester", "tags") to
 * control ids; "tags[2]" and "requester.id" map through their first part. A
 * nested name may have a control of its own ("set.status", "set.addTags[1]"):
 * the longest name the map holds wins.
 * Anything that cannot be placed (and the problem detail, if nothing could be
 * placed) goes into formError. Returns the first control that got an error.
 */
export function showProblem(err, fieldMap, formError) {
  let first = null;
  const unplaced = [];
  for (const {field: name, message} of err.fieldErrors || []) {
    const match = /^([A-Za-z_]+(?:\.[A-Za-z_]+)*)(?:\[(\d+)\])?/.exec(name || '');
    const path = match ? match[1].split('.') : [];
    let id = null;
    for (let n = path.length; n > 0 && !id; n--) id = fieldMap[path.slice(0, n).join('.')];
    const text = match && match[2] !== undefined
      ? `${itemName(path[path.length - 1])} ${Number(match[2]) + 1}: ${message}`
      : message;
    if (id && setFieldError(id, text)) {
      first = first || document.getElementById(id);
    } else {
      unplaced.push(name ? `${name}: ${message}` : message);
    }
  }
  if (formError && (unplaced.length || !first)) {
    const title = err.problem && err.problem.title;
    const detail = err.message;
    // replace() skips null; DOM replaceChildren() would print it as "null".
    replace(formError,
      el('div', {class: 'notice-title'}, title && title !== detail ? title : 'Could not save'),
      el('div', null, detail),
      unplaced.length ? el('ul', null, unplaced.map((u) => el('li', null, u))) : null);
  }
  return first;
}

function itemName(field) {
  if (/^tags$|Tags$/.test(field)) return 'Tag';
  return field.charAt(0).toUpperCase() + field.slice(1, field.endsWith('s') ? -1 : undefined);
}

/** Clears a control's error as soon as the user edits it. */
export function clearErrorsOnEdit(root) {
  const handler = (event) => {
    const control = event.target;
    if (!(control instanceof HTMLElement) || control.getAttribute('aria-invalid') !== 'true') return;
    control.removeAttribute('aria-invalid');
    const slot = document.getElementById(control.id + '-error');
    if (slot) slot.textContent = '';
  };
  root.addEventListener('input', handler);
  root.addEventListener('change', handler);
}
