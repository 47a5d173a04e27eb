// The conversation of a ticket in the agent app: the description as the opening
// message, then GET /api/tickets/{ref}/messages.
//
// - replies: bubbles; the requester's with a "Requester" tag and an accent edge,
//   staff replies with an "Agent" tag;
// - notes: tinted, dashed, with a lock icon and the words "Internal note";
// - system messages: one small grey centred line.
// Each message is an li.msg[data-type][data-message-id], kept per id so that a
// message arriving twice (the POST answer, then a live event) shows once.
import {el} from '../shared/dom.js';
import {download} from '../shared/api.js';
import {timeEl, initials} from '../shared/format.js';
import {renderBody} from '../shared/markdown.js';
import {mentionChips} from './mentions.js';
import {attachmentList} from '../shared/attachments.js';
import {icon} from '../shared/icons.js';

/**
 * list: the <ol id="thread">. Returns
 *   render(ticket, messages)  the whole thread (re-uses nodes of known messages)
 *   append(message) → bool    one message in time order; false if it was there
 *   setTicket(ticket)         the ticket the opening and the sides are drawn from
 *   has(id)
 */
export function createThread(list) {
  let ticket = null;
  const nodes = new Map(); // message id → li
  let empty = null;

  function opening() {
    const who = ticket.requester ? ticket.requester.name || ticket.requester.email : 'Requester';
    return el('li', {class: 'msg msg-reply msg-from-requester msg-opening', id: 'msg-description',
      dataset: {opening: 'true', created: ticket.createdAt || ''}},
    el('span', {class: 'avatar', 'aria-hidden': 'true'}, initials(who)),
    el('div', {class: 'msg-bubble'},
      el('div', {class: 'msg-head'},
        el('span', {class: 'msg-author'}, who),
        el('span', {class: 'msg-role'}, 'Requester'),
        el('span', {class: 'msg-kind'}, 'opened the ticket'),
        timeEl(ticket.createdAt)),
      el('div', {class: 'msg-body'}, renderBody(ticket.description))));
  }

  function isRequester(author) {
    if (!author) return false;
    if (author.type === 'contact' || author.role === 'requester') return true;
    const r = ticket && ticket.requester;
    return Boolean(r && r.type === (author.type || 'user') && String(r.id) === String(author.id));
  }

  function mergedLabel(message) {
    if (!message.mergedFrom) return null;
    return el('span', {class: 'chip msg-merged'}, 'merged from ',
      el('a', {href: '#/tickets/' + encodeURIComponent(message.mergedFrom)}, message.mergedFrom));
  }

  /** "via email" and, for staff, the mail as it arrived (quote and signature included). */
  function viaEmail(message) {
    if (message.via !== 'email') return null;
    return el('span', {class: 'chip msg-via', title: 'This message arrived by mail'}, 'via email · ',
      el('a', {href: '#', class: 'msg-source', onclick: (event) => {
        event.preventDefault();
        download('/api/messages/' + message.id + '/source', 'message-' + message.id + '.eml').catch(() => {});
      }}, 'original'));
  }

  /** "From … · To … · Cc …" of a message that came by mail (staff get it with the thread). */
  function mailLine(message) {
    const m = message.mail;
    if (!m) return null;
    const parts = [['From', m.from], ['To', m.to], ['Cc', m.cc]].filter(([, v]) => v)
      .map(([k, v]) => `${k} ${v}`);
    return parts.length ? el('div', {class: 'msg-mail muted small'}, parts.join(' · ')) : null;
  }

  function systemLine(message) {
    return el('li', {class: 'msg msg-system', id: 'msg-' + message.id,
      dataset: {type: 'system', messageId: String(message.id), created: message.createdAt || ''}},
    el('span', {class: 'msg-system-text'}, renderBody(message.body)),
    el('span', {'aria-hidden': 'true'}, ' · '),
    timeEl(message.createdAt),
    mergedLabel(message));
  }

  function bubble(message) {
    const author = message.author || null;
    const name = author ? author.name || author.email || 'Someone' : 'Someone';
    const fromRequester = isRequester(author);
    const isNote = message.type === 'note';
    return el('li', {
      class: ['msg', isNote ? 'msg-note' : 'msg-reply', fromRequester ? 'msg-from-requester' : 'msg-from-staff'],
      id: 'msg-' + message.id,
      dataset: {type: message.type, messageId: String(message.id), created: message.createdAt || '',
        author: fromRequester ? 'requester' : 'staff'},
    },
    el('span', {class: 'avatar', 'aria-hidden': 'true'}, initials(name)),
    el('div', {class: 'msg-bubble'},
      el('div', {class: 'msg-head'},
        el('span', {class: 'msg-author'}, name),
        el('span', {class: 'msg-role'}, fromRequester ? 'Requester' : 'Agent'),
        isNote
          ? el('span', {class: 'msg-kind msg-kind-note'}, icon('lock'), 'Internal note')
          : el('span', {class: 'msg-kind'}, fromRequester ? 'wrote' : 'replied'),
        timeEl(message.createdAt),
        mergedLabel(message),
        viaEmail(message)),
      mailLine(message),
      message.body ? (isNote ? mentionChips(el('div', {class: 'msg-body'}, renderBody(message.body)))
        : el('div', {class: 'msg-body'}, renderBody(message.body))) : null,
      attachmentList(message.attachments, {className: 'msg-attachments'})));
  }

  function node(message) {
    let li = nodes.get(String(message.id));
    if (!li) {
      li = message.type === 'system' ? systemLine(message) : bubble(message);
      nodes.set(String(message.id), li);
    }
    return li;
  }

  function showEmpty() {
    const hasItems = list.querySelector('li.msg');
    if (!hasItems && !empty) {
      empty = el('li', {class: 'thread-empty muted'}, 'No messages yet. Write the first reply below.');
      list.append(empty);
    } else if (hasItems && empty) {
      empty.remove();
      empty = null;
    }
  }

  function render(t, messages) {
    ticket = t;
    empty = null;
    const items = [];
    if (ticket.description) items.push(opening());
    const seen = new Set();
    for (const message of messages) {
      if (seen.has(String(message.id))) continue;
      seen.add(String(message.id));
      items.push(node(message));
    }
    for (const id of [...nodes.keys()]) if (!seen.has(id)) nodes.delete(id);
    list.replaceChildren(...items);
    showEmpty();
  }

  function append(message) {
    if (!message || message.id === undefined || nodes.has(String(message.id))) return false;
    const li = node(message);
    // Usually the newest; a late live event goes to its place in time.
    const created = Date.parse(message.createdAt || '') || Infinity;
    let before = null;
    for (const other of list.querySelectorAll('li.msg[data-message-id]')) {
      if ((Date.parse(other.dataset.created) || 0) > created) {
        before = other;
        break;
      }
    }
    list.insertBefore(li, before);
    showEmpty();
    return true;
  }

  return {
    render,
    append,
    setTicket(t) { ticket = t; },
    has: (id) => nodes.has(String(id)),
  };
}
