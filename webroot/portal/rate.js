// The page the Good / Bad links of the "How did we do?" mail open
// (/portal/rate.html#token=…&rating=good). It needs no session: the link's
// token names the ticket. It shows which request is rated, keeps the clicked
// choice, offers a comment, and sends once (POST /api/satisfaction); a link
// that was used or has expired says so.
import {el, replace} from '../shared/dom.js';

const main = document.getElementById('main');
const params = new URLSearchParams(location.hash.replace(/^#/, ''));
const token = params.get('token') || '';
let rating = params.get('rating') === 'bad' ? 'bad' : 'good';
// The token stays in memory only: not in the address bar, the history or a bookmark.
history.replaceState(null, '', location.pathname);

async function call(path, body) {
  const response = await fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(body)});
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(data.detail || 'Something went wrong');
    error.status = response.status;
    throw error;
  }
  return data;
}

function page(...children) {
  replace(main, el('section', {class: 'rate-card rate-standalone', 'aria-labelledby': 'rate-title'}, children));
  main.focus();
}

function thanks(saved) {
  page(el('h1', {id: 'rate-title'}, 'Thank you!'),
    el('p', {id: 'rate-done'}, saved.rating === 'good' ? '👍 Glad we could help.'
      : '👎 Sorry it did not go well. The person who handled your request will see your rating.'),
    el('p', null, el('a', {href: '/portal/'}, 'Go to your requests')));
}

function form(state) {
  const error = el('p', {class: 'field-error', id: 'rate-error', role: 'alert'});
  const comment = el('textarea', {id: 'rate-comment', rows: '4', maxlength: '2000'});
  const send = el('button', {type: 'submit', class: 'btn btn-primary', id: 'rate-send'}, 'Send my rating');
  const choices = [['good', '👍 Good'], ['bad', '👎 Bad']].map(([value, text]) =>
    el('button', {type: 'button', class: 'btn rate-choice', id: 'rate-' + value,
      'aria-pressed': String(rating === value), onclick: () => {
        rating = value;
        for (const b of choices) b.setAttribute('aria-pressed', String(b.id === 'rate-' + value));
      }}, text));
  const f = el('form', {class: 'rate-form', id: 'rate-form'},
    el('div', {class: 'rate-choices', role: 'group', 'aria-label': 'Your rating'}, choices),
    el('label', {for: comment.id}, 'Anything you want to tell us? (optional)'), comment,
    el('div', null, send), error);
  f.addEventListener('submit', async (event) => {
    event.preventDefault();
    send.disabled = true;
    try {
      thanks(await call('/api/satisfaction', {token, rating,
        ...(comment.value.trim() ? {comment: comment.value.trim()} : {})}));
    } catch (err) {
      error.textContent = err.message;
      send.disabled = false;
    }
  });
  page(el('h1', {id: 'rate-title'}, 'How did we do?'),
    el('p', {id: 'rate-ticket'}, 'Your request ', el('strong', null, state.ticket.ref), ': ', state.ticket.subject),
    f);
}

async function start() {
  if (!token) {
    page(el('h1', {id: 'rate-title'}, 'This link is incomplete'),
      el('p', null, 'Open the link from the mail again, or rate the request in ', el('a', {href: '/portal/'},
        'your requests'), '.'));
    return;
  }
  try {
    const state = await call('/api/satisfaction/link', {token});
    if (state.state === 'open') {
      form(state);
    } else {
      const words = {rated: 'This request was rated already. Thank you!', used: 'This link was used already.',
        expired: 'This link has expired: links work for 14 days.'};
      page(el('h1', {id: 'rate-title'}, 'How did we do?'), el('p', {id: 'rate-state'}, words[state.state] || ''),
        el('p', null, el('a', {href: '/portal/'}, 'Go to your requests')));
    }
  } catch (err) {
    page(el('h1', {id: 'rate-title'}, 'This link does not work'), el('p', {id: 'rate-state'}, err.message));
  }
}
start();
