// The middle column of the ticket page: the thread and the composer under it.
// Sending: POST /api/tickets/{ref}/messages with {type, body, attachmentIds};
// the answer is appended, or, when it landed on another ticket (this one was
// merged, or closed and continued in a follow-up), the page moves there.
import {get, post} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {toast} from '../shared/ui.js';
import {initials} from '../shared/format.js';
import {listNames} from '../shared/live-ui.js';
import {createThread} from './thread.js';
import {createComposer} from './composer.js';

/**
 * {path, app, signal, getTicket(), onSent(message), onTyping()} → {element, load(), append(message, ref),
 * setTicket(t), setPresence(users, meId), focusComposer(mode), isDirty()}
 */
export function createConversation({path, app, signal, getTicket, onSent, onTyping}) {
  const thread = el('ol', {class: 'thread', id: 'thread', 'aria-label': 'Conversation'});
  const threadView = createThread(thread);
  const composer = createComposer({onSend: send, onTyping});
  let arrivedWhileLoading = null; // messages appended while GET …/messages is on its way

  async function send(message) {
    const created = await post(path + '/messages', message);
    const ticket = getTicket();
    const word = message.type === 'note' ? 'Note' : 'Reply';
    if (created && created.ticketId !== undefined && ticket && String(created.ticketId) !== String(ticket.id)) {
      const target = await get('/api/tickets/' + encodeURIComponent(created.ticketId)).catch(() => null);
      const where = target ? target.ref : 'ticket #' + created.ticketId;
      toast(`${word} added to ${where}` +
        (target && target.followUpOf ? `, a follow-up of ${target.followUpOf}` : ''), 6000);
      app.navigate('#/tickets/' + encodeURIComponent(target ? target.ref : created.ticketId));
      return created;
    }
    threadView.append(created);
    toast(message.type === 'note' ? 'Note added' : 'Reply sent');
    onSent(created);
    return created;
  }

  async function load() {
    const arrived = new Map();
    arrivedWhileLoading = arrived;
    try {
      const data = await get(path + '/messages', undefined, {signal});
      threadView.render(getTicket(), Array.isArray(data) ? data : (data && data.items) || []);
      // A live message committed after the GET read the thread is not in its answer: keep it.
      for (const message of arrived.values()) threadView.append(message);
    } catch (err) {
      if (err.name === 'AbortError' || err.status === 401) return;
      threadView.render(getTicket(), []);
      thread.append(el('li', {class: 'notice', role: 'alert'}, 'Could not load the conversation: ' + err.message));
    } finally {
      if (arrivedWhileLoading === arrived) arrivedWhileLoading = null;
    }
  }

  /** A message from outside (live events); ignored unless it belongs to this ticket. */
  function append(message, ticketRef) {
    const ticket = getTicket();
    if (!ticket || !message) return false;
    if (ticketRef ? ticketRef !== ticket.ref : String(message.ticketId) !== String(ticket.id)) return false;
    if (arrivedWhileLoading && message.id !== undefined) arrivedWhileLoading.set(String(message.id), message);
    return threadView.append(message);
  }

  // Who else is viewing or typing; filled by live updates, invisible while empty.
  const presence = el('div', {class: 'presence', id: 'presence', 'aria-live': 'polite'});

  /**
   * Shows the others on this ticket: avatars, "Ann is also viewing · Carl is typing…".
   * users: [{id, name, state}] as the presence frame has them; the signed-in user is left out.
   */
  function setPresence(users, meId) {
    const byId = new Map();
    for (const u of users || []) {
      if (!u || (meId !== undefined && meId !== null && String(u.id) === String(meId))) continue;
      const key = String(u.id ?? u.name);
      const seen = byId.get(key);
      if (!seen || u.state === 'typing') byId.set(key, u);
    }
    const others = [...byId.values()];
    if (others.length === 0) {
      presence.replaceChildren();
      delete presence.dataset.typing;
      return;
    }
    const typing = others.filter((u) => u.state === 'typing');
    const viewing = others.filter((u) => u.state !== 'typing');
    const name = (u) => u.name || 'Someone';
    const words = [];
    if (viewing.length) {
      words.push(el('span', {class: 'presence-viewing'},
        `${listNames(viewing.map(name))} ${viewing.length === 1 ? 'is' : 'are'} also viewing`));
    }
    if (typing.length) {
      if (words.length) words.push(el('span', {'aria-hidden': 'true'}, ' · '));
      words.push(el('span', {class: 'presence-typing', id: 'presence-typing'},
        `${listNames(typing.map(name))} ${typing.length === 1 ? 'is' : 'are'} typing…`));
    }
    presence.dataset.typing = typing.map(name).join(', ');
    presence.replaceChildren(el('div', {class: 'presence-bar'},
      el('span', {class: 'presence-avatars', 'aria-hidden': 'true'},
        [...typing, ...viewing].map((u) => el('span', {
          class: ['avatar', 'presence-avatar', u.state === 'typing' ? 'is-typing' : null],
          title: `${name(u)} — ${u.state === 'typing' ? 'typing' : 'viewing'}`,
          dataset: {userId: String(u.id ?? ''), state: u.state || 'viewing'},
        }, initials(name(u))))),
      el('span', {class: 'presence-text', id: 'presence-text'}, words)));
  }

  return {
    element: [presence, thread, composer.element],
    load,
    append,
    setTicket: threadView.setTicket,
    setPresence,
    focusComposer: composer.focus,
    isDirty: composer.isDirty,
  };
}
