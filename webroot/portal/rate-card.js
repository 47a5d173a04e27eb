// "How did we do?" on a resolved or closed request in the portal: Good / Bad,
// an optional comment, Send (POST /api/satisfaction {ticket, rating, comment}
// in the requester's session). Once rated it thanks and shows the rating.
import {post} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';

/** Copies the known rating onto a newer ticket (live events leave the field out). */
export function keepRating(next, previous) {
  if (next && previous && !('satisfaction' in next) && 'satisfaction' in previous) {
    next.satisfaction = previous.satisfaction;
  }
}

export function rateCard(ticket, onRated) {
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') return null;
  const box = el('section', {class: 'rate-card', id: 'rate-card', 'aria-labelledby': 'rate-title'});
  if (ticket.satisfaction) {
    const good = ticket.satisfaction.rating === 'good';
    return replace(box, el('h2', {id: 'rate-title', class: 'rate-title'}, 'Thank you for your rating'),
      el('p', {id: 'rate-done'}, good ? '👍 You said we did well.' : '👎 You said we did badly; we will look into it.'));
  }
  let rating = null;
  const error = el('p', {class: 'field-error', id: 'rate-error', role: 'alert'});
  const comment = el('textarea', {id: 'rate-comment', rows: '2', maxlength: '2000',
    placeholder: 'Anything you want to tell us? (optional)'});
  const send = el('button', {type: 'submit', class: 'btn btn-primary', id: 'rate-send', disabled: true}, 'Send');
  const choices = [['good', '👍 Good'], ['bad', '👎 Bad']].map(([value, text]) =>
    el('button', {type: 'button', class: 'btn rate-choice', id: 'rate-' + value, 'aria-pressed': 'false',
      onclick: () => {
        rating = value;
        for (const b of choices) b.setAttribute('aria-pressed', String(b.id === 'rate-' + value));
        send.disabled = false;
      }}, text));
  const form = el('form', {class: 'rate-form', id: 'rate-form'},
    el('div', {class: 'rate-choices', role: 'group', 'aria-label': 'Your rating'}, choices),
    el('label', {for: comment.id, class: 'visually-hidden'}, 'Comment (optional)'), comment,
    el('div', null, send), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!rating) return;
    send.disabled = true;
    try {
      const saved = await post('/api/satisfaction', {ticket: ticket.ref, rating,
        ...(comment.value.trim() ? {comment: comment.value.trim()} : {})});
      onRated(saved);
    } catch (err) {
      error.textContent = err.status === 409 ? 'This request was rated already. Thank you!' : err.message;
      send.disabled = false;
    }
  });
  return replace(box, el('h2', {id: 'rate-title', class: 'rate-title'}, 'How did we do?'),
    el('p', {class: 'muted'}, 'Your request is solved. How did it go? Choose Good or Bad, then Send.'), form);
}
