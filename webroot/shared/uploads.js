// Uploading attachments before a message is sent.
//
// uploadFile(): POST /api/attachments, multipart with one field `file`, through
// XMLHttpRequest because fetch cannot report upload progress. 201 answers
// {id, filename, contentType, size}; 413 (over 10 MB) and other problems reject
// with an ApiError whose message is the problem's detail.
//
// createUploadQueue(): the pending-files list of a composer. Files start
// uploading as soon as they are picked or dropped; each shows progress, then
// "ready" or the reason it failed, and has a remove button. settle() waits for
// the uploads still running and gives back the attachment ids.
import {ApiError, authHeaders, handleUnauthorized} from './api.js';
import {el} from './dom.js';
import {fileSize} from './format.js';
import {icon} from './icons.js';

/** The API's limit per file; the server enforces it and says so in a 413 problem. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Resolves with the stored attachment; `handle.abort()` cancels (rejects with AbortError). */
export function uploadFile(file, {onProgress, handle = {}} = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/attachments');
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body && body.id !== undefined) {
        resolve(body);
        return;
      }
      if (xhr.status === 401) handleUnauthorized(body);
      reject(new ApiError(xhr.status, body || {status: xhr.status, title: xhr.statusText}));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, null)));
    xhr.addEventListener('abort', () => reject(new DOMException('Upload cancelled', 'AbortError')));
    handle.abort = () => xhr.abort();
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

let seq = 0;

/**
 * list: the <ul> that shows pending files. onChange(queue) after every change.
 * Returns {add(files), remove(key), clear(), settle(), isEmpty(), hasFailures()}.
 */
export function createUploadQueue(list, {onChange = () => {}, idPrefix = 'upload'} = {}) {
  const items = new Map(); // key → {file, state, attachment, error, promise, handle, node, bar, note}

  function render(item) {
    const {file, state} = item;
    item.node.className = 'upload upload-' + state;
    item.node.dataset.state = state;
    item.bar.hidden = state !== 'uploading';
    if (state === 'uploading') {
      item.note.textContent = item.progress >= 1 ? 'Processing…' : `Uploading ${Math.round(item.progress * 100)}%`;
      item.bar.value = item.progress;
    } else if (state === 'done') {
      item.note.textContent = 'Ready';
    } else if (state === 'failed') {
      item.note.textContent = item.error;
    }
    item.node.querySelector('.upload-name').title = `${file.name} (${fileSize(file.size)})`;
  }

  function add(files) {
    for (const file of Array.from(files || [])) {
      const key = `${idPrefix}-${++seq}`;
      const item = {file, state: 'uploading', progress: 0, attachment: null, error: null, handle: {}};
      item.bar = el('progress', {class: 'upload-progress', max: '1', value: '0', 'aria-label': 'Upload progress of ' + file.name});
      item.note = el('span', {class: 'upload-note', id: key + '-note', 'aria-live': 'polite'});
      const remove = el('button', {type: 'button', class: 'upload-remove', 'aria-label': 'Remove ' + file.name,
        title: 'Remove', onclick: () => removeKey(key)}, icon('close'));
      item.node = el('li', {id: key, dataset: {key}},
        icon(file.type && file.type.startsWith('image/') ? 'image' : 'file', {className: 'upload-icon'}),
        el('span', {class: 'upload-text'},
          el('span', {class: 'upload-name'}, file.name),
          el('span', {class: 'upload-size'}, fileSize(file.size))),
        item.bar, item.note, remove);
      items.set(key, item);
      list.appendChild(item.node);
      start(key, item);
    }
    list.hidden = items.size === 0;
    onChange(api);
  }

  function start(key, item) {
    render(item);
    item.promise = uploadFile(item.file, {
      handle: item.handle,
      onProgress: (p) => {
        item.progress = p;
        render(item);
      },
    }).then((attachment) => {
      item.state = 'done';
      item.attachment = attachment;
    }, (err) => {
      if (err.name === 'AbortError') return;
      item.state = 'failed';
      item.error = err.status === 0 ? 'Upload failed: the connection was lost. Remove it and try again.'
        : err.message;
    }).finally(() => {
      if (items.get(key) === item) {
        render(item);
        onChange(api);
      }
    });
  }

  function removeKey(key) {
    const item = items.get(key);
    if (!item) return;
    items.delete(key);
    if (item.state === 'uploading' && item.handle.abort) item.handle.abort();
    // Keep keyboard focus in the composer when the focused remove button disappears.
    const next = item.node.nextElementSibling || item.node.previousElementSibling;
    const hadFocus = item.node.contains(document.activeElement);
    item.node.remove();
    list.hidden = items.size === 0;
    if (hadFocus) {
      const target = next && next.querySelector('.upload-remove');
      if (target) target.focus();
      else list.dispatchEvent(new CustomEvent('queue-emptied', {bubbles: true}));
    }
    onChange(api);
  }

  function clear() {
    for (const key of [...items.keys()]) {
      const item = items.get(key);
      if (item.state === 'uploading' && item.handle.abort) item.handle.abort();
      items.delete(key);
    }
    list.replaceChildren();
    list.hidden = true;
    onChange(api);
  }

  /** Waits for running uploads; resolves {ids, failed: [filename…]}. */
  async function settle() {
    await Promise.all([...items.values()].map((i) => i.promise));
    const all = [...items.values()];
    return {
      ids: all.filter((i) => i.state === 'done').map((i) => i.attachment.id),
      failed: all.filter((i) => i.state === 'failed').map((i) => i.file.name),
    };
  }

  const api = {
    add,
    remove: removeKey,
    clear,
    settle,
    isEmpty: () => items.size === 0,
    isUploading: () => [...items.values()].some((i) => i.state === 'uploading'),
    hasFailures: () => [...items.values()].some((i) => i.state === 'failed'),
    size: () => items.size,
  };
  list.hidden = true;
  return api;
}

/**
 * Makes `zone` accept dropped files: adds .is-drop-target while files hover
 * over it and calls onFiles(FileList) on drop. Text drags are left alone.
 */
export function enableDropZone(zone, onFiles) {
  let depth = 0;
  const hasFiles = (event) => Array.from(event.dataTransfer ? event.dataTransfer.types : []).includes('Files');
  zone.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    zone.classList.add('is-drop-target');
  });
  zone.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', (event) => {
    if (!hasFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('is-drop-target');
  });
  zone.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    zone.classList.remove('is-drop-target');
    if (event.dataTransfer.files && event.dataTransfer.files.length) onFiles(event.dataTransfer.files);
  });
}

/** Also accept images pasted into a text field (screenshots). */
export function acceptPastedFiles(field, onFiles) {
  field.addEventListener('paste', (event) => {
    const files = event.clipboardData ? Array.from(event.clipboardData.files || []) : [];
    if (files.length === 0) return;
    event.preventDefault();
    onFiles(files);
  });
}
