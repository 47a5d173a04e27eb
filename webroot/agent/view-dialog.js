// The dialog that saves the list's search and sort as a view, or renames a view and changes its
// sharing: a Name field and a "Shared with the team" box (anyone on the staff may share a view,
// ViewRoutes; only its owner or an admin changes it, so only they get here to edit one), Save and Cancel. Enter saves,
// Escape cancels; focus starts in the name and goes back to the opener. Errors from the problem
// JSON show beside their field; the rest (a bad query, the most views allowed) above the buttons.
// Built like the other dialogs of the app (merge.js, bulk.js): a native <dialog> with showModal.
import {post, patch} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {field, clearErrors, showProblem} from '../shared/forms.js';

const SORTS = {
  '-updated': 'recently updated', 'updated': 'least recently updated', '-created': 'newest first',
  'created': 'oldest first', 'priority': 'priority', 'due': 'due date', 'sla': 'SLA',
};

/** What a view shows, in words: "printer status:open, sorted by newest first". */
export function describe(query, sort) {
  return `${query ? query : 'all tickets'}, sorted by ${SORTS[sort] || sort || SORTS['-updated']}`;
}

/**
 * Opens the dialog: with `view`, edits that view's name and sharing; without, saves {query, sort}
 * as a new view. Resolves with the saved view, or null when cancelled. `restoreFocus` (default
 * true) puts focus back on the opener; a caller that redraws the opener focuses something itself.
 */
export function openViewDialog({view = null, query = '', sort = '-updated', restoreFocus = true} = {}) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const editing = Boolean(view);
    const name = el('input', {type: 'text', id: 'view-name', name: 'name', maxlength: '80', autocomplete: 'off',
      required: true, value: editing ? view.name : (query || 'All tickets')});
    const shared = el('input', {type: 'checkbox', id: 'view-shared', name: 'shared',
      'aria-describedby': 'view-shared-hint view-shared-error', checked: editing && view.shared});
    const formError = el('div', {class: 'form-error', id: 'view-form-error', role: 'alert'});
    const cancel = el('button', {type: 'button', class: 'btn', id: 'view-cancel'}, 'Cancel');
    const save = el('button', {type: 'submit', class: 'btn btn-primary', id: 'view-save'}, editing ? 'Save' : 'Save view');
    const form = el('form', {class: 'dialog-body', id: 'view-form', novalidate: true},
      el('h2', {id: 'view-dialog-title'}, editing ? 'Edit view' : 'Save as a view'),
      el('p', {class: 'muted view-dialog-what', id: 'view-dialog-what'},
        editing ? 'Shows ' : 'Keeps the list’s search and sort: ',
        describe(editing ? view.query : query, editing ? view.sort : sort), '.'),
      field('Name', name),
      el('div', {class: 'field view-share-field'},
        el('label', {class: 'view-share-label', for: 'view-shared'}, shared, ' Shared with the team'),
        el('span', {class: 'hint', id: 'view-shared-hint'},
          'Everyone on the staff sees a shared view in their sidebar; only its owner and admins can change it.'),
        el('span', {class: 'field-error', id: 'view-shared-error', 'aria-live': 'polite'})),
      formError,
      el('div', {class: 'dialog-actions'}, cancel, save));
    const dialog = el('dialog', {id: 'view-dialog', class: 'view-dialog', 'aria-labelledby': 'view-dialog-title',
      'aria-describedby': 'view-dialog-what'}, form);

    let result = null;
    let sending = false;
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (restoreFocus && opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(result);
    });
    // Escape is the dialog's own (its cancel event): not also the phone menu's or the page's.
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') event.stopPropagation();
    });
    dialog.addEventListener('cancel', (event) => {
      if (sending) event.preventDefault();
    });
    cancel.addEventListener('click', () => dialog.close());
    name.addEventListener('input', () => {
      name.removeAttribute('aria-invalid');
      document.getElementById('view-name-error').textContent = '';
    });

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (sending) return;
      clearErrors(form, formError);
      sending = true;
      save.disabled = true;
      try {
        const body = {name: name.value, shared: shared.checked};
        result = editing ? await patch('/api/views/' + view.id, body)
          : await post('/api/views', {...body, query, sort});
        sending = false;
        dialog.close();
      } catch (err) {
        sending = false;
        save.disabled = false;
        const first = showProblem(err, {name: 'view-name', shared: 'view-shared'}, formError);
        (first || name).focus();
      }
    });

    document.body.appendChild(dialog);
    dialog.showModal();
    name.focus();
    name.select();
  });
}
