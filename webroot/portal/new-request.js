// "New request" (#/new): subject, description and optional files.
// POST /api/tickets {subject, description} (the service sets the requester and
// channel web); when files were attached, a first reply carries them
// (POST /api/tickets/{ref}/messages {type: "reply", body: "", attachmentIds}).
import {post} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {field, clearErrors, clearErrorsOnEdit, setFieldError, showProblem} from '../shared/forms.js';
import {icon} from '../shared/icons.js';
import {toast} from '../shared/ui.js';
import {createUploadQueue, enableDropZone, acceptPastedFiles} from '../shared/uploads.js';
import {requestHash} from './requests.js';

const MAX_FILES = 10;

export function mount(root, {navigate, onCreated}) {
  const subject = el('input', {type: 'text', id: 'new-subject', name: 'subject', maxlength: '200', required: true,
    autocomplete: 'off'});
  const description = el('textarea', {id: 'new-description', name: 'description', rows: '6', maxlength: '100000'});
  const files = el('input', {type: 'file', id: 'new-files', multiple: true, class: 'visually-hidden', tabindex: '-1',
    'aria-label': 'Files to attach'});
  const attach = el('button', {type: 'button', class: 'btn', id: 'new-attach'}, icon('paperclip'), 'Attach files');
  const uploads = el('ul', {class: 'uploads', id: 'new-uploads', 'aria-label': 'Files to send'});
  const formError = el('div', {class: 'form-error', id: 'new-error', role: 'alert'});
  const submit = el('button', {type: 'submit', class: 'btn btn-primary btn-large', id: 'new-submit'}, 'Send request');
  const form = el('form', {id: 'new-request-form', class: 'portal-card new-request', novalidate: true},
    el('h1', {id: 'new-title', tabindex: '-1'}, 'New request'),
    el('p', {class: 'muted'}, 'Tell us what you need help with. We answer here and by email.'),
    formError,
    field('Subject', subject, {hint: 'A few words, like “Cannot print from my laptop”.'}),
    field('Description', description, {hint: 'What happened, and what did you expect? Optional, but it helps us.'}),
    el('div', {class: 'field'},
      el('span', {class: 'field-label', id: 'new-files-label'}, 'Files'),
      el('div', {class: 'attach-row'}, attach, files,
        el('span', {class: 'muted small attach-hint'}, 'Screenshots help. Up to 10 MB each; you can also drop or paste them here.')),
      uploads),
    el('div', {class: 'card-actions'}, submit, el('a', {href: '#/', class: 'btn', id: 'new-cancel'}, 'Cancel')));

  const queue = createUploadQueue(uploads, {idPrefix: 'new-upload', onChange: () => formError.replaceChildren()});
  attach.addEventListener('click', () => files.click());
  files.addEventListener('change', () => {
    queue.add(files.files);
    files.value = '';
  });
  enableDropZone(form, (dropped) => queue.add(dropped));
  acceptPastedFiles(description, (pasted) => queue.add(pasted));
  clearErrorsOnEdit(form);

  function setBusy(busy, text = 'Sending…') {
    submit.disabled = busy;
    form.setAttribute('aria-busy', String(busy));
    submit.textContent = busy ? text : 'Send request';
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, formError);
    const body = {subject: subject.value.trim(), description: description.value.trim()};
    if (!body.subject) {
      setFieldError('new-subject', 'Enter a subject: a few words about what you need.');
      subject.focus();
      return;
    }
    if (queue.size() > MAX_FILES) {
      formError.textContent = `You can attach at most ${MAX_FILES} files. Remove some, then send again.`;
      return;
    }
    if (queue.hasFailures()) {
      formError.textContent = 'Some files could not be uploaded. Remove them (×), then send again.';
      return;
    }
    setBusy(true, queue.isUploading() ? 'Uploading files…' : 'Sending…');
    let ticket = null;
    try {
      const {ids, failed} = await queue.settle();
      if (failed.length) {
        formError.textContent = `Could not upload ${failed.join(', ')}. Remove ${failed.length === 1 ? 'it' : 'them'}, then send again.`;
        return;
      }
      setBusy(true);
      ticket = await post('/api/tickets', body);
      if (ids.length) {
        await post('/api/tickets/' + encodeURIComponent(ticket.ref) + '/messages',
          {type: 'reply', body: '', attachmentIds: ids});
      }
      queue.clear();
      toast(`Thank you! Your request ${ticket.ref} is with us.`, 5000);
      if (onCreated) onCreated(ticket);
      navigate(requestHash(ticket.ref));
    } catch (err) {
      if (err.status === 401) return;
      if (ticket) {
        // The request exists; only the files are missing. Say so, and go there.
        toast(`Your request ${ticket.ref} was sent, but the files could not be attached (${err.message}). ` +
          'Please attach them again in the conversation.', 9000);
        if (onCreated) onCreated(ticket);
        navigate(requestHash(ticket.ref));
        return;
      }
      const first = showProblem(err, {subject: 'new-subject', description: 'new-description'}, formError);
      if (first) first.focus();
    } finally {
      if (form.isConnected) setBusy(false);
    }
  });

  root.replaceChildren(form);
  document.title = 'New request — Support';
  subject.focus();

  return {
    isDirty: () => subject.value.trim() !== '' || description.value.trim() !== '' || !queue.isEmpty(),
    unmount() {},
  };
}
