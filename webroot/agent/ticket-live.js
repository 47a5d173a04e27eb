// Following the open ticket live (shared/live.js, one socket for the app): the
// page subscribes to `ticket:REF` at once, so nothing committed while it loads
// is missed; frames that come before the ticket is loaded wait for ready().
// presence → ticket-presence.js; resync → onResync; message.created → the
// thread (and a reload of it when another ticket was merged into this one);
// ticket.updated → onUpdate; ticket.deleted → onDeleted; ticket.merged → the
// #live-merged banner linking to the target, then onRefresh.
import {el, replace} from '../shared/dom.js';
import {ticketHash} from './nav.js';

export function createTicketLive({live, presence, conversation, head, getTicket, isGone,
  onUpdate, onRefresh, onResync, onDeleted}) {
  const banner = el('div', {id: 'live-merged', hidden: true});
  let stopFollowing = null;
  let waiting = []; // frames that came before the ticket was loaded

  function follow(ref) {
    if (stopFollowing || isGone() || !ref) return;
    stopFollowing = live.subscribe('ticket:' + ref, onFrame);
    presence.enter(ref);
  }

  function unfollow() {
    if (stopFollowing) {
      stopFollowing();
      stopFollowing = null;
    }
    presence.leave();
  }

  function onFrame(frame) {
    if (isGone()) return;
    if (!getTicket()) {
      waiting.push(frame);
      return;
    }
    if (frame.type === 'presence') {
      presence.show(frame.users);
    } else if (frame.type === 'resync') {
      onResync();
    } else if (frame.type === 'event') {
      onEvent(frame.kind, frame.data || {});
    }
  }

  function onEvent(kind, data) {
    switch (kind) {
      case 'message.created': {
        const message = data.message;
        if (!message) return;
        conversation.append(message, data.ticketRef);
        // Another ticket was merged into this one: its messages moved here.
        if (message.type === 'system' && /was merged into this ticket/.test(message.body || '')) conversation.load();
        return;
      }
      case 'ticket.updated':
        onUpdate(data);
        return;
      case 'ticket.deleted':
        onDeleted(data);
        return;
      case 'ticket.merged':
        if (data.into) showMerged(data.into);
        onRefresh();
        return;
      default:
    }
  }

  function showMerged(into) {
    const go = el('a', {href: ticketHash(into), class: 'btn btn-primary btn-small', id: 'live-merged-link'}, `Go to ${into}`);
    replace(banner, el('div', {class: 'notice notice-info banner-live', role: 'alert'},
      el('div', {class: 'notice-title'}, `${getTicket().ref} was just merged into ${into}`),
      el('p', null, `Its conversation continues on ${into}; replies written here go there too.`),
      el('div', {class: 'notice-actions'}, go)));
    banner.hidden = false;
    head.querySelector('#merged-notice')?.remove();
  }

  return {
    banner,
    follow,
    unfollow,
    /** The live banner says "merged" already (with a button): the head's own notice is not needed. */
    mergedShown: () => !banner.hidden,
    /** The ticket is loaded: the frames that waited for it are handled now. */
    ready() {
      const early = waiting;
      waiting = [];
      for (const frame of early) onFrame(frame);
    },
  };
}
