// The requester's rating on the ticket page ("How did we do?"): Good or Bad with
// their comment and when. The ticket JSON of GET and of the event a rating causes
// carries `satisfaction`; other live events and PATCH answers leave it out, so the
// page keeps what it knew (keepRating) instead of losing it.
import {el} from '../shared/dom.js';
import {timeEl} from '../shared/format.js';

/** Copies the known rating onto a newer ticket that came without the field. */
export function keepRating(next, previous) {
  if (next && previous && !('satisfaction' in next) && 'satisfaction' in previous) {
    next.satisfaction = previous.satisfaction;
  }
}

export function satisfactionPanel(ticket) {
  const s = ticket && ticket.satisfaction;
  if (!s) return null;
  const good = s.rating === 'good';
  return el('section', {class: ['satisfaction', good ? 'satisfaction-good' : 'satisfaction-bad'],
    id: 'ticket-satisfaction', 'aria-label': 'Satisfaction'},
  el('div', null, el('span', {'aria-hidden': 'true'}, good ? '👍 ' : '👎 '),
    el('strong', null, good ? 'Rated Good' : 'Rated Bad'), ' by the requester ', timeEl(s.at)),
  s.comment ? el('p', {class: 'satisfaction-comment'}, '“', s.comment, '”') : null);
}
