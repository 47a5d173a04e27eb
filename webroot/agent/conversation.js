// The middle column of the ticket page: the thread and the composer under it.
// Sending: POST /api/tickets/{ref}/messages with {type, body, attachmentIds};
// the answer is appended, or, when it landed on another ticket (this one was
// merged, or closed and continued in a follow-up), the page moves there.
import {get, post} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {toast} from '../shared/ui.js';
import {createThread} from './thread.js';
import {createComposer} from './composer.js';

/**
 * {path, app, signal, getTicket(), onSent(message)} → {element, load(), append(message, ref),
 * setTicket(t), focusComposer(mode), isDirty()}
 */
export function createConversation({path, app, signal, getTicket, onSent}) {
  const thread = el('ol', {class: 'thread', id: 'thread', 'aria-label': 'Conversation'});
  const threadView = createThread(thread);
  const composer = createComposer({onSend: send});

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
    try {
      const data = await get(path + '/messages', undefined, {signal});
      threadView.render(getTicket(), Array.isArray(data) ? data : (data && data.items) || []);
    } catch (err) {
      if (err.name === 'AbortError' || err.status === 401) return;
      threadView.render(getTicket(), []);
      thread.append(el('li', {class: 'notice', role: 'alert'}, 'Could not load the conversation: ' + err.message));
    }
  }

  /** A message from outside (live events); ignored unless it belongs to this ticket. */
  function append(message, ticketRef) {
    const ticket = getTicket();
    if (!ticket || !message) return false;
    if (ticketRef ? ticketRef !== ticket.ref : String(message.ticketId) !== String(ticket.id)) return false;
    return threadView.append(message);
  }

  // Who else is viewing or typing; filled by live updates, invisible while empty.
  const presence = el('div', {class: 'presence', id: 'presence', 'aria-live': 'polite'});

  return {
    element: [presence, thread, composer.element],
    load,
    append,
    setTicket: threadView.setTicket,
    focusComposer: composer.focus,
    isDirty: composer.isDirty,
  };
}
