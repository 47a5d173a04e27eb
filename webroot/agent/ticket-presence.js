// Presence on the ticket page: announces viewing when the page follows the ticket,
// typing while the composer is typed in (back to viewing after 3 s of quiet) and
// left when the page goes; shows who else is here at the top of the thread
// (conversation.setPresence) and forgets them while disconnected (the server
// tells again on reconnection). live.presence() sends only when the state changes.
const TYPING_IDLE_MS = 3000;

/** isGone(): the page is unmounted, or its ticket deleted or missing. stop() on unmount. */
export function createTicketPresence({live, conversation, app, isGone}) {
  let ref = null; // the ticket followed, as the server spells it
  let typingTimer = null;

  const stopStatus = live.onStatus((state) => {
    if (state !== 'live') conversation.setPresence([]);
  });

  function announce(state) {
    clearTimeout(typingTimer);
    if (!ref || isGone()) return;
    live.presence(ref, state);
    if (state === 'typing') typingTimer = setTimeout(() => announce('viewing'), TYPING_IDLE_MS);
  }

  return {
    /** Now following `r`: viewing. */
    enter(r) {
      ref = r;
      announce('viewing');
    },
    viewing: () => announce('viewing'),
    typing: () => announce('typing'),
    /** A presence frame's users: everyone on the ticket (this user is left out by the thread). */
    show(users) {
      conversation.setPresence(users, app.user && app.user.id);
    },
    leave() {
      clearTimeout(typingTimer);
      if (ref) live.presence(ref, 'left');
      conversation.setPresence([]);
    },
    stop: stopStatus,
  };
}
