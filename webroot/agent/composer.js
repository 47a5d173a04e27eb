// The composer under a ticket's thread: Reply / Internal note switch
// (#composer-reply, #composer-note), the text (#composer-body), attachments
// (#composer-attach opens #composer-files; files can also be dropped on the
// composer or pasted), the pending uploads (#composer-uploads) and Send
// (#composer-send, or Ctrl/Cmd+Enter). Note mode is tinted like notes in the thread.
//
// createComposer({onSend, onTyping}) → {element, focus(mode), setMode(mode), isDirty()}.
// onSend({type, body, attachmentIds}) returns a promise; it rejects with an
// ApiError to keep the text, resolves to clear the composer. onTyping() is
// called on every keystroke in the text (the page throttles presence itself).
import {el} from '../shared/dom.js';
import {icon} from '../shared/icons.js';
import {createUploadQueue, enableDropZone, acceptPastedFiles} from '../shared/uploads.js';
import {attachMentions} from './mentions.js';

const MAX_FILES = 10; // per message (API)

const MODES = {
  reply: {
    send: 'Send reply',
    label: 'Reply to the requester',
    placeholder: 'Write a reply… The requester gets it by email.',
    hint: 'Public: the requester sees this and gets it by email.',
  },
  note: {
    send: 'Add note',
    label: 'Internal note',
    placeholder: 'Write an internal note… Only staff can see it.',
    hint: 'Internal: only staff can see notes. No email is sent.',
  },
};

export function createComposer({onSend, onTyping}) {
  let mode = 'reply';
  let busy = false;

  const replyRadio = el('input', {type: 'radio', name: 'composer-type', id: 'composer-reply', value: 'reply',
    checked: true});
  const noteRadio = el('input', {type: 'radio', name: 'composer-type', id: 'composer-note', value: 'note'});
  const switcher = el('fieldset', {class: 'segmented', id: 'composer-type'},
    el('legend', {class: 'visually-hidden'}, 'Message type'),
    replyRadio, el('label', {for: 'composer-reply'}, icon('reply'), 'Reply'),
    noteRadio, el('label', {for: 'composer-note'}, icon('lock'), 'Internal note'));
  const hint = el('span', {class: 'composer-hint', id: 'composer-hint'});
  const bodyLabel = el('label', {for: 'composer-body', class: 'visually-hidden', id: 'composer-body-label'});
  const body = el('textarea', {id: 'composer-body', rows: '5', 'aria-describedby': 'composer-hint composer-error'});
  const error = el('div', {class: 'form-error composer-error', id: 'composer-error', role: 'alert'});
  const uploads = el('ul', {class: 'uploads', id: 'composer-uploads', 'aria-label': 'Files to send'});
  const files = el('input', {type: 'file', multiple: true, id: 'composer-files', class: 'visually-hidden',
    tabindex: '-1', 'aria-label': 'Files to attach'});
  const attach = el('button', {type: 'button', class: 'btn btn-small', id: 'composer-attach'},
    icon('paperclip'), 'Attach files');
  const send = el('button', {type: 'button', class: 'btn btn-primary', id: 'composer-send'},
    icon('send'), el('span', {class: 'composer-send-label'}));
  const element = el('section', {class: 'composer', id: 'composer', 'aria-label': 'Write a reply or note'},
    el('div', {class: 'composer-top'}, switcher, hint),
    bodyLabel,
    body,
    error,
    uploads,
    el('div', {class: 'composer-actions'},
      attach, files,
      el('span', {class: 'composer-drop-hint muted'}, 'or drop files here'),
      el('span', {class: 'composer-spacer'}),
      el('span', {class: 'composer-kbd muted', 'aria-hidden': 'true'}, el('kbd', null, 'Ctrl'), '+', el('kbd', null, 'Enter')),
      send));

  const queue = createUploadQueue(uploads, {idPrefix: 'composer-upload', onChange: () => error.replaceChildren()});

  function setMode(next) {
    mode = next === 'note' ? 'note' : 'reply';
    const m = MODES[mode];
    replyRadio.checked = mode === 'reply';
    noteRadio.checked = mode === 'note';
    element.classList.toggle('is-note', mode === 'note');
    element.dataset.mode = mode;
    hint.replaceChildren(...(mode === 'note' ? [icon('lock'), m.hint] : [m.hint]));
    bodyLabel.textContent = m.label;
    body.placeholder = m.placeholder;
    send.querySelector('.composer-send-label').textContent = busy ? 'Sending…' : m.send;
  }

  function focus(nextMode) {
    if (nextMode) setMode(nextMode);
    element.scrollIntoView({block: 'nearest'});
    body.focus();
  }

  function setBusy(value, text) {
    busy = value;
    send.disabled = value;
    element.setAttribute('aria-busy', value ? 'true' : 'false');
    send.querySelector('.composer-send-label').textContent = value ? text : MODES[mode].send;
  }

  function showError(message) {
    error.replaceChildren(message);
  }

  async function submit() {
    if (busy) return;
    error.replaceChildren();
    body.removeAttribute('aria-invalid');
    const text = body.value.trim();
    if (!text && queue.isEmpty()) {
      body.setAttribute('aria-invalid', 'true');
      showError(mode === 'note' ? 'Write the note first.' : 'Write a reply first.');
      body.focus();
      return;
    }
    if (queue.size() > MAX_FILES) {
      showError(`At most ${MAX_FILES} files can go with one message. Remove some, then send again.`);
      return;
    }
    if (queue.hasFailures()) {
      showError('Some files could not be uploaded (see the reason next to each). Remove them, then send again.');
      uploads.querySelector('.upload-failed .upload-remove')?.focus();
      return;
    }
    setBusy(true, queue.isUploading() ? 'Uploading…' : 'Sending…');
    try {
      const {ids, failed} = await queue.settle();
      if (failed.length) {
        showError(`Could not upload ${failed.join(', ')}. Remove ${failed.length === 1 ? 'it' : 'them'}, then send again.`);
        return;
      }
      setBusy(true, 'Sending…');
      await onSend({type: mode, body: text, attachmentIds: ids});
      body.value = '';
      queue.clear();
      setMode('reply'); // a note is the exception; the next message is a reply again
    } catch (err) {
      if (err.status === 401 || err.name === 'AbortError') return;
      const bodyError = err.fieldErrors && err.fieldErrors.find((e) => e.field === 'body');
      if (bodyError) body.setAttribute('aria-invalid', 'true');
      const extra = (err.fieldErrors || []).filter((e) => e !== bodyError)
        .map((e) => `${e.field}: ${e.message}`);
      showError([bodyError ? bodyError.message : err.message, ...extra].join(' '));
    } finally {
      setBusy(false);
    }
  }

  replyRadio.addEventListener('change', () => setMode('reply'));
  noteRadio.addEventListener('change', () => setMode('note'));
  attach.addEventListener('click', () => files.click());
  files.addEventListener('change', () => {
    queue.add(files.files);
    files.value = '';
  });
  send.addEventListener('click', submit);
  body.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  });
  body.addEventListener('input', () => {
    body.removeAttribute('aria-invalid');
    if (onTyping) onTyping();
  });
  uploads.addEventListener('queue-emptied', () => body.focus());
  enableDropZone(element, (dropped) => queue.add(dropped));
  acceptPastedFiles(body, (pasted) => queue.add(pasted));
  setMode('reply');
  attachMentions(body, () => mode === 'note');

  return {
    element,
    focus,
    setMode,
    isDirty: () => body.value.trim() !== '' || !queue.isEmpty(),
  };
}
