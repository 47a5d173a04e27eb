// The conversation of a ticket: the description as the opening message, then
// GET /api/tickets/{ref}/messages. Replies and notes are bubbles (notes tinted,
// with a lock); system messages are one small grey line. Bodies are text only.
import {download} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {timeEl, initials, fileSize} from '../shared/format.js';
import {toast} from '../shared/ui.js';

/** Replaces the children of `list` (an <ol>) with the thread. */
export function renderThread(list, ticket, messages) {
  const items = [];
  if (ticket.description) items.push(opening(ticket));
  for (const message of messages) items.push(message.type === 'system' ? systemLine(message) : bubble(message, ticket));
  if (items.length === 0) {
    items.push(el('li', {class: 'thread-empty muted'}, 'No messages yet.'));
  }
  list.replaceChildren(...items);
}

function opening(ticket) {
  const who = ticket.requester ? ticket.requester.name || ticket.requester.email : 'Requester';
  return el('li', {class: 'msg msg-reply msg-from-requester msg-opening', id: 'msg-description'},
    el('span', {class: 'avatar', 'aria-hidden': 'true'}, initials(who)),
    el('div', {class: 'msg-bubble'},
      el('div', {class: 'msg-head'},
        el('span', {class: 'msg-author'}, who),
        el('span', {class: 'msg-kind muted'}, 'opened the ticket'),
        timeEl(ticket.createdAt)),
      el('div', {class: 'msg-body'}, ticket.description)));
}

function systemLine(message) {
  return el('li', {class: 'msg msg-system', id: 'msg-' + message.id, dataset: {type: 'system'}},
    el('span', {class: 'msg-system-text'}, message.body),
    ' · ',
    timeEl(message.createdAt),
    mergedLabel(message));
}

function bubble(message, ticket) {
  const author = message.author || null;
  const name = author ? author.name || author.email || 'Someone' : 'Someone';
  const fromRequester = isRequester(author, ticket);
  const isNote = message.type === 'note';
  return el('li', {
    class: ['msg', isNote ? 'msg-note' : 'msg-reply', fromRequester ? 'msg-from-requester' : 'msg-from-staff'],
    id: 'msg-' + message.id,
    dataset: {type: message.type},
  },
  el('span', {class: 'avatar', 'aria-hidden': 'true'}, initials(name)),
  el('div', {class: 'msg-bubble'},
    el('div', {class: 'msg-head'},
      el('span', {class: 'msg-author'}, name),
      isNote
        ? el('span', {class: 'msg-kind msg-kind-note'}, el('span', {'aria-hidden': 'true'}, '🔒 '), 'Internal note')
        : el('span', {class: 'msg-kind muted'}, fromRequester ? 'wrote' : 'replied'),
      timeEl(message.createdAt),
      mergedLabel(message)),
    el('div', {class: 'msg-body'}, message.body),
    attachments(message.attachments)));
}

function isRequester(author, ticket) {
  if (!author) return false;
  if (author.role === 'requester' || author.type === 'contact') return true;
  const r = ticket.requester;
  return Boolean(r && r.type === (author.type || 'user') && r.id === author.id);
}

function mergedLabel(message) {
  if (!message.mergedFrom) return null;
  return el('span', {class: 'chip msg-merged'}, 'merged from ',
    el('a', {href: '#/tickets/' + encodeURIComponent(message.mergedFrom)}, message.mergedFrom));
}

function attachments(list) {
  if (!list || list.length === 0) return null;
  return el('ul', {class: 'msg-attachments', 'aria-label': 'Attachments'},
    list.map((a) => {
      const button = el('button', {type: 'button', class: 'btn btn-small attachment'},
        el('span', {'aria-hidden': 'true'}, '📎 '), a.filename,
        el('span', {class: 'muted'}, ' ' + fileSize(a.size || 0)));
      button.addEventListener('click', () =>
        download('/api/attachments/' + encodeURIComponent(a.id), a.filename)
          .catch((err) => toast('Download failed: ' + err.message)));
      return el('li', null, button);
    }));
}
