// One request as a chat: GET /api/tickets/{ref} and /messages (never notes for a
// requester). Staff on the left with name and avatar, the requester's own
// messages on the right, public system events centred and small. Thread:
// ol#thread > li.msg[data-type][data-mine][data-message-id]; the opening
// description is li.msg[data-type="description"].
//
// The reply box (#portal-reply-body, #portal-attach / #portal-files, drop or
// paste files, #portal-send, Ctrl/Cmd+Enter) stays at the bottom of the screen.
//
// mount() returns {appendMessage(message, ticketRef), updateTicket(ticket),
// showTyping(users), refresh(), unmount()} so live updates can be wired from outside
// (portal.js does); messages are de-duplicated by id, notes are never shown.
import {get, post} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {timeEl, initials} from '../shared/format.js';
import {renderBody} from '../shared/markdown.js';
import {attachmentList, releasePreviews} from '../shared/attachments.js';
import {icon} from '../shared/icons.js';
import {toast} from '../shared/ui.js';
import {createUploadQueue, enableDropZone, acceptPastedFiles} from '../shared/uploads.js';
import {statusBadge, requestHash} from './requests.js';
import {listNames, firstName} from '../shared/live-ui.js';
import {rateCard, keepRating} from './rate-card.js';

const MAX_FILES = 10;

export function mount(root, {ref, user, onTicket, navigate, statusElement}) {
  const path = '/api/tickets/' + encodeURIComponent(ref);
  const controller = new AbortController();
  let ticket = null;
  const nodes = new Map(); // message id → li

  const isMine = (author) => Boolean(author && user &&
    author.type === (user.type || 'contact') && String(author.id) === String(user.id));

  // ---------- thread ----------
  const thread = el('ol', {class: 'chat-thread', id: 'thread', 'aria-label': 'Conversation'});
  const head = el('header', {class: 'chat-head'});

  function bubble({type, mine, name, createdAt, body, attachments, id, extraClass}) {
    return el('li', {
      class: ['msg', 'msg-' + type, mine ? 'msg-mine' : 'msg-theirs', extraClass],
      id: id ? 'msg-' + id : 'msg-description',
      dataset: {type, mine: String(mine), messageId: id ? String(id) : null, created: createdAt || ''},
    },
    mine ? null : el('span', {class: 'avatar', 'aria-hidden': 'true'}, initials(name)),
    el('div', {class: 'msg-stack'},
      el('div', {class: 'msg-head'},
        el('span', {class: 'msg-author'}, mine ? 'You' : name),
        timeEl(createdAt)),
      el('div', {class: 'msg-bubble'},
        body ? el('div', {class: 'msg-body'}, renderBody(body)) : null,
        attachmentList(attachments, {className: 'msg-attachments'}))));
  }

  /**
   * A system message in the requester's words: the stored one speaks of "the requester"
   * (staff read it as it is), the portal's reader is that requester.
   */
  function forRequester(body) {
    const rated = /^The requester rated this ticket /;
    return rated.test(body || '') ? body.replace(rated, 'You rated this request ') : body;
  }

  function messageNode(m) {
    if (m.type === 'system') {
      return el('li', {class: 'msg msg-system', id: 'msg-' + m.id,
        dataset: {type: 'system', mine: 'false', messageId: String(m.id), created: m.createdAt || ''}},
      el('span', {class: 'msg-system-text'}, renderBody(forRequester(m.body)), ' · ', timeEl(m.createdAt)));
    }
    const name = m.author ? m.author.name || 'Support' : 'Support';
    return bubble({type: m.type, mine: isMine(m.author), name, createdAt: m.createdAt, body: m.body,
      attachments: m.attachments, id: m.id});
  }

  function opening() {
    const r = ticket.requester || {};
    // Who wrote the description: the service says whether the support team opened the ticket
    // on the requester's behalf (an agent's ticket, whatever its channel; for old tickets
    // phone, chat and internal ones), so "You" only when the requester wrote it themself.
    if (ticket.openedByStaff) {
      return bubble({type: 'description', mine: false, name: 'Support team', createdAt: ticket.createdAt,
        body: ticket.description || '(no description)', extraClass: 'msg-opening'});
    }
    const mine = !r.type || (r.type === user.type && String(r.id) === String(user.id));
    return bubble({type: 'description', mine, name: r.name || 'Requester', createdAt: ticket.createdAt,
      body: ticket.description || '(no description)', extraClass: 'msg-opening'});
  }

  function renderThread(messages) {
    nodes.clear();
    const items = [opening()];
    for (const m of messages) {
      if (nodes.has(String(m.id))) continue;
      const li = messageNode(m);
      nodes.set(String(m.id), li);
      items.push(li);
    }
    thread.replaceChildren(...items);
  }

  /** Adds one message in time order; false when it is not this ticket's or already shown. */
  function appendMessage(message, ticketRef) {
    if (!ticket || !message || nodes.has(String(message.id))) return false;
    if (message.type === 'note' || message.internal === true) return false; // never for a requester
    if (message.id === undefined || message.id === null) return false;
    if (ticketRef ? ticketRef !== ticket.ref : String(message.ticketId) !== String(ticket.id)) return false;
    const li = messageNode(message);
    nodes.set(String(message.id), li);
    const created = Date.parse(message.createdAt || '') || Infinity;
    const later = [...thread.querySelectorAll('li[data-message-id]')]
      .find((other) => (Date.parse(other.dataset.created) || 0) > created);
    const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 80;
    thread.insertBefore(li, later || null);
    // Follow the conversation when the reader is at its end (the reply box covers the bottom edge).
    if (!later && (atBottom || isMine(message.author))) scrollToEnd();
    return true;
  }

  function scrollToEnd() {
    window.scrollTo({top: document.documentElement.scrollHeight});
  }

  // ---------- header ----------
  function renderHead() {
    replace(head,
      el('a', {href: '#/', class: 'back-link', id: 'back-to-requests'}, icon('back'), 'My requests'),
      el('h1', {id: 'chat-subject', tabindex: '-1'}, ticket.subject),
      el('p', {class: 'chat-meta'},
        statusBadge(ticket.status, {id: 'chat-status'}),
        el('span', {class: 'chat-ref', id: 'ticket-ref'}, ticket.ref),
        el('span', null, 'opened ', timeEl(ticket.createdAt)),
        statusElement || null),
      ticket.followUpOf ? el('p', {class: 'chat-note', id: 'follow-up-notice'},
        'This continues your earlier request ',
        el('a', {href: requestHash(ticket.followUpOf)}, ticket.followUpOf), '.') : null,
      ticket.mergedInto ? el('p', {class: 'chat-note', id: 'merged-notice'},
        'We combined this request with ',
        el('a', {href: requestHash(ticket.mergedInto)}, ticket.mergedInto),
        '. Your messages continue there.') : null);
    const rating = rateCard(ticket, (saved) => {
      ticket.satisfaction = saved;
      renderHead();
    });
    if (rating) head.append(rating);
    closedHint.hidden = ticket.status !== 'closed';
    document.title = `${ticket.subject} — Support`;
  }

  /** A newer version of the ticket (after a reply, or from a live event). */
  function updateTicket(t) {
    if (!ticket || !t || (t.ref !== ticket.ref && String(t.id) !== String(ticket.id))) return false;
    if (typeof t.version === 'number' && typeof ticket.version === 'number' && t.version < ticket.version) return false;
    keepRating(t, ticket);
    ticket = t;
    renderHead();
    if (onTicket) onTicket(t);
    return true;
  }

  // ---------- reply box ----------
  const body = el('textarea', {id: 'portal-reply-body', rows: '1', maxlength: '50000',
    placeholder: 'Write a reply…', 'aria-describedby': 'portal-reply-error portal-reply-hint'});
  const files = el('input', {type: 'file', id: 'portal-files', multiple: true, class: 'visually-hidden',
    tabindex: '-1', 'aria-label': 'Files to attach'});
  const attach = el('button', {type: 'button', class: 'btn icon-button', id: 'portal-attach',
    'aria-label': 'Attach files', title: 'Attach files (or drop them here)'}, icon('paperclip', {size: 20}));
  const send = el('button', {type: 'submit', class: 'btn btn-primary send-button', id: 'portal-send'},
    el('span', {class: 'send-label'}, 'Send'), icon('send', {size: 18}));
  const uploads = el('ul', {class: 'uploads', id: 'portal-uploads', 'aria-label': 'Files to send'});
  const error = el('div', {class: 'form-error reply-error', id: 'portal-reply-error', role: 'alert'});
  const closedHint = el('p', {class: 'reply-hint', id: 'portal-reply-hint', hidden: true},
    'This request is solved and closed. If you write here, we will open a new request for you.');
  const form = el('form', {class: 'reply-box', id: 'portal-reply', novalidate: true},
    closedHint,
    error,
    uploads,
    el('div', {class: 'reply-row'},
      attach, files,
      el('label', {for: 'portal-reply-body', class: 'visually-hidden'}, 'Your reply'),
      body,
      send));
  const queue = createUploadQueue(uploads, {idPrefix: 'portal-upload', onChange: () => error.replaceChildren()});
  let busy = false;

  function setBusy(value, text = 'Sending…') {
    busy = value;
    send.disabled = value;
    form.setAttribute('aria-busy', String(value));
    send.querySelector('.send-label').textContent = value ? text : 'Send';
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (busy || !ticket) return;
    error.replaceChildren();
    const text = body.value.trim();
    if (!text && queue.isEmpty()) {
      error.textContent = 'Write a message or attach a file first.';
      body.focus();
      return;
    }
    if (queue.size() > MAX_FILES) {
      error.textContent = `You can send at most ${MAX_FILES} files in one message.`;
      return;
    }
    if (queue.hasFailures()) {
      error.textContent = 'Some files could not be uploaded. Remove them (×), then send again.';
      return;
    }
    setBusy(true, queue.isUploading() ? 'Uploading…' : 'Sending…');
    try {
      const {ids, failed} = await queue.settle();
      if (failed.length) {
        error.textContent = `Could not upload ${failed.join(', ')}. Remove ${failed.length === 1 ? 'it' : 'them'}, then send again.`;
        return;
      }
      setBusy(true);
      const created = await post(path + '/messages', {type: 'reply', body: text, attachmentIds: ids});
      body.value = '';
      queue.clear();
      if (created && String(created.ticketId) !== String(ticket.id)) {
        // The request was closed: the service opened a follow-up for this message.
        toast('Your earlier request was closed, so we opened a new one for your message.', 6000);
        navigate(requestHash(String(created.ticketId)));
        return;
      }
      appendMessage(created);
      get(path, undefined, {signal: controller.signal}).then(updateTicket, () => {});
    } catch (err) {
      if (err.status === 401 || err.name === 'AbortError') return;
      const fields = err.fieldErrors.map((e) => e.message);
      error.textContent = fields.length ? `${err.message} (${fields.join('; ')})` : err.message;
    } finally {
      setBusy(false);
    }
  }

  form.addEventListener('submit', onSubmit);
  attach.addEventListener('click', () => files.click());
  files.addEventListener('change', () => {
    queue.add(files.files);
    files.value = '';
  });
  body.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  // Grow with the text, up to a limit (CSS caps the height).
  body.addEventListener('input', () => {
    body.style.height = 'auto';
    body.style.height = Math.min(body.scrollHeight + 2, 240) + 'px';
  });
  uploads.addEventListener('queue-emptied', () => body.focus());
  acceptPastedFiles(body, (pasted) => queue.add(pasted));

  // Filled by live updates ("Carl is typing…"); empty and invisible otherwise.
  const typing = el('p', {class: 'typing-indicator', id: 'typing-indicator', 'aria-live': 'polite'});

  /** users: [{name, state}] as the requester's presence frame has them: only who is typing. */
  function showTyping(users) {
    const names = [...new Set((users || []).filter((u) => u && u.state === 'typing')
      .map((u) => firstName(u.name) || 'Support'))];
    if (!names.length) {
      typing.replaceChildren();
      return;
    }
    const wasAtBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 80;
    typing.replaceChildren(
      `${listNames(names)} ${names.length === 1 ? 'is' : 'are'} typing`,
      el('span', {class: 'typing-dots', 'aria-hidden': 'true'}, el('span'), el('span'), el('span')),
      el('span', {class: 'visually-hidden'}, '…'));
    if (wasAtBottom) scrollToEnd();
  }
  const section = el('section', {class: 'chat', id: 'chat', 'aria-labelledby': 'chat-subject'},
    head, thread, typing, form);
  enableDropZone(section, (dropped) => queue.add(dropped));

  // ---------- loading ----------
  async function load() {
    replace(root, el('p', {class: 'loading'}, 'Loading your request…'));
    try {
      const [t, messages] = await Promise.all([
        get(path, undefined, {signal: controller.signal}),
        get(path + '/messages', undefined, {signal: controller.signal}),
      ]);
      ticket = t;
      if (t.ref !== ref) history.replaceState(history.state, '', requestHash(t.ref));
      replace(root, section);
      renderHead();
      renderThread(Array.isArray(messages) ? messages : (messages && messages.items) || []);
      if (onTicket) onTicket(t);
      head.querySelector('h1').focus({preventScroll: true});
      scrollToEnd();
    } catch (err) {
      if (err.name === 'AbortError' || err.status === 401) return;
      const missing = err.status === 404 || err.status === 403;
      replace(root, el('div', {class: 'portal-card', id: 'request-missing', role: 'alert'},
        el('h1', {tabindex: '-1'}, missing ? 'We could not find this request' : 'Something went wrong'),
        el('p', null, missing
          ? 'It may belong to another email address, or the link is mistyped.'
          : 'We could not load your request: ' + err.message),
        el('div', {class: 'card-actions'},
          missing ? null : el('button', {type: 'button', class: 'btn', onclick: load}, 'Try again'),
          el('a', {href: '#/', class: 'btn btn-primary'}, 'See my requests'))));
      root.querySelector('h1').focus();
    }
  }

  /** Loads the ticket and its thread again without a loading screen (after a live resync). */
  async function refresh() {
    if (!ticket) return;
    try {
      const [t, messages] = await Promise.all([
        get(path, undefined, {signal: controller.signal}),
        get(path + '/messages', undefined, {signal: controller.signal}),
      ]);
      updateTicket(t);
      for (const m of Array.isArray(messages) ? messages : (messages && messages.items) || []) appendMessage(m);
    } catch {
      // the next change brings it
    }
  }

  load();

  return {
    appendMessage,
    updateTicket,
    showTyping,
    refresh,
    ref: () => (ticket ? ticket.ref : ref),
    isDirty: () => body.value.trim() !== '' || !queue.isEmpty(),
    unmount() {
      controller.abort();
      releasePreviews();
    },
  };
}
