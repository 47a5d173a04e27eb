// Attachments under a message: every file as a download button (name + size),
// images (png, jpeg, gif, webp) also as an inline thumbnail that opens a viewer.
//
// <img src> and plain links cannot carry the Bearer token, so the bytes are
// fetched with it (GET /api/attachments/{id}?inline=1, or without inline=1 to
// download) and shown or saved through blob: URLs. Thumbnails are cached per
// attachment id for the life of the page, so re-rendering a thread is free.
import {fetchBlob, saveBlob} from './api.js';
import {el} from './dom.js';
import {fileSize} from './format.js';
import {icon} from './icons.js';
import {toast} from './ui.js';

export const PREVIEWABLE = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

const previews = new Map(); // attachment id → Promise<blob: URL>

export function isPreviewable(attachment) {
  return PREVIEWABLE.includes(String(attachment.contentType || '').toLowerCase().split(';')[0].trim());
}

function attachmentPath(id, inline) {
  return '/api/attachments/' + encodeURIComponent(id) + (inline ? '?inline=1' : '');
}

/** A blob: URL with the image, fetched once per id. */
export function previewUrl(attachment) {
  let url = previews.get(attachment.id);
  if (!url) {
    url = fetchBlob(attachmentPath(attachment.id, true)).then((blob) => URL.createObjectURL(blob));
    url.catch(() => previews.delete(attachment.id)); // try again on the next render
    previews.set(attachment.id, url);
  }
  return url;
}

/** Frees every cached preview (call when leaving a page that showed many). */
export function releasePreviews() {
  for (const promise of previews.values()) promise.then((url) => URL.revokeObjectURL(url), () => {});
  previews.clear();
}

export async function downloadAttachment(attachment) {
  try {
    saveBlob(await fetchBlob(attachmentPath(attachment.id, false)), attachment.filename);
  } catch (err) {
    if (err.status !== 401) toast(`Could not download ${attachment.filename}: ${err.message}`);
  }
}

function downloadButton(a) {
  return el('button', {
    type: 'button', class: 'attachment-download', dataset: {attachmentId: String(a.id)},
    title: 'Download ' + a.filename, onclick: () => downloadAttachment(a),
  },
  icon(isPreviewable(a) ? 'image' : 'paperclip'),
  el('span', {class: 'attachment-name'}, a.filename),
  el('span', {class: 'attachment-size'}, fileSize(Number(a.size) || 0)),
  el('span', {class: 'visually-hidden'}, ', download'));
}

function thumbnail(a) {
  const img = el('img', {class: 'attachment-thumb', alt: a.filename, decoding: 'async', hidden: true});
  const placeholder = el('span', {class: 'attachment-thumb-placeholder', 'aria-hidden': 'true'},
    icon('image', {size: 24}));
  const button = el('button', {
    type: 'button', class: 'attachment-preview', dataset: {attachmentId: String(a.id)},
    'aria-label': 'View ' + a.filename, onclick: () => openViewer(a),
  }, placeholder, img);
  previewUrl(a).then((url) => {
    img.src = url;
    img.hidden = false;
    placeholder.remove();
  }, (err) => {
    placeholder.replaceChildren(el('span', {class: 'attachment-thumb-error'}, 'Preview unavailable'));
    button.title = err.message;
  });
  return button;
}

/** <ul class="attachments"> for a message's attachments, or null when it has none. */
export function attachmentList(list, {className} = {}) {
  if (!Array.isArray(list) || list.length === 0) return null;
  return el('ul', {class: ['attachments', className], 'aria-label': 'Attachments'},
    list.map((a) => el('li', {class: ['attachment', isPreviewable(a) ? 'attachment-image' : null],
      dataset: {attachmentId: String(a.id)}},
    isPreviewable(a) ? thumbnail(a) : null,
    downloadButton(a))));
}

/** A modal showing the full image with a download button. */
function openViewer(a) {
  const opener = document.activeElement;
  const img = el('img', {class: 'viewer-image', alt: a.filename});
  const close = el('button', {type: 'button', class: 'btn', id: 'viewer-close'}, 'Close');
  const save = el('button', {type: 'button', class: 'btn btn-primary', id: 'viewer-download',
    onclick: () => downloadAttachment(a)}, icon('download'), 'Download');
  const dialog = el('dialog', {class: 'viewer', id: 'attachment-viewer', 'aria-label': a.filename},
    el('div', {class: 'viewer-body'},
      el('div', {class: 'viewer-frame'}, img),
      el('div', {class: 'viewer-bar'},
        el('span', {class: 'viewer-name'}, a.filename, ' ',
          el('span', {class: 'muted'}, fileSize(Number(a.size) || 0))),
        el('span', {class: 'viewer-actions'}, save, close))));
  const finish = () => {
    if (dialog.open) dialog.close();
    dialog.remove();
    if (opener && opener.isConnected) opener.focus();
  };
  close.addEventListener('click', finish);
  dialog.addEventListener('close', finish);
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) finish(); // a click on the backdrop
  });
  previewUrl(a).then((url) => { img.src = url; }, () => {});
  document.body.appendChild(dialog);
  dialog.showModal();
  close.focus();
}
