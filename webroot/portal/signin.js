// Signing in to the portal.
//
// takeLinkFromUrl(): an emailed link looks like /portal/#token=…&ticket=TKT-017
// (a ?token= query works too). The token is read and at once removed from the
// address bar and the history entry, so it is not left behind to be reused.
//
// showLinkPage(): when there is no session, or a link is invalid, expired or
// used, or a session ended (any 401): "Email me a new link" →
// POST /api/auth/portal/link {email} → 202, always the same answer.
import {post, ApiError} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {field, clearErrors, setFieldError, showProblem} from '../shared/forms.js';
import {icon} from '../shared/icons.js';
import {firstContactCard} from './first-contact.js';

/** {token, ticket} from the URL (and removes them from it), or null. */
export function takeLinkFromUrl() {
  const hash = location.hash.replace(/^#/, '');
  const fromHash = new URLSearchParams(hash.startsWith('/') ? '' : hash);
  const fromQuery = new URLSearchParams(location.search);
  const token = fromHash.get('token') || fromQuery.get('token');
  if (!token) return null;
  const ticket = fromHash.get('ticket') || fromQuery.get('ticket');
  fromQuery.delete('token');
  fromQuery.delete('ticket');
  const qs = fromQuery.toString();
  history.replaceState(null, '', location.pathname + (qs ? '?' + qs : ''));
  return {token, ticket: ticket && /^[A-Za-z0-9-]{1,40}$/.test(ticket) ? ticket : null};
}

/** POST /api/auth/portal: resolves {token, user}; a bad link rejects with a 401 ApiError. */
export function exchangeLink(token) {
  return post('/api/auth/portal', {token}, {redirectOn401: false});
}

const REASONS = {
  link: {
    title: 'This link has expired or was already used',
    text: 'Sign-in links work once and for a limited time. We can email you a fresh one.',
  },
  ended: {
    title: 'Your session has ended',
    text: 'For your security you were signed out. We can email you a new sign-in link.',
  },
  'signed-out': {
    title: 'You are signed out',
    text: 'To see your requests again, ask for a sign-in link. It arrives by email within a minute.',
  },
  none: {
    title: 'Your support requests',
    text: 'We sign you in with a link sent by email, no password needed. Enter the address you wrote to us from.',
  },
};

/**
 * Replaces `root`'s content with the "email me a new link" page.
 * reason: 'link' | 'ended' | 'signed-out' | 'none'; problem: the 401's problem JSON, if any.
 */
export function showLinkPage(root, {reason = 'none', problem = null, email = ''} = {}) {
  const r = REASONS[reason] || REASONS.none;
  const input = el('input', {type: 'email', id: 'link-email', name: 'email', autocomplete: 'email', required: true,
    value: email, inputmode: 'email'});
  const submitLabel = reason === 'none' ? 'Email me a sign-in link' : 'Email me a new link';
  const submit = el('button', {type: 'submit', class: 'btn btn-primary btn-large', id: 'link-submit'}, submitLabel);
  const formError = el('div', {class: 'form-error', id: 'link-error', role: 'alert'});
  const sent = el('div', {class: 'notice notice-success', id: 'link-sent', role: 'status', hidden: true});
  const form = el('form', {id: 'link-form', novalidate: true},
    formError,
    field('Your email address', input),
    submit);
  const detail = problem && problem.detail && reason === 'link' ? problem.detail : null;

  const card = el('section', {class: 'portal-card link-card', id: 'link-page', 'aria-labelledby': 'link-title',
    dataset: {reason}},
  el('div', {class: 'link-icon', 'aria-hidden': 'true'}, icon(reason === 'none' ? 'chat' : 'lock', {size: 28})),
  el('h1', {id: 'link-title', tabindex: '-1'}, r.title),
  detail ? el('p', {class: 'link-detail', id: 'link-detail'}, detail + '.') : null,
  el('p', {class: 'muted'}, r.text),
  form,
  sent,
  el('p', {class: 'muted small staff-hint'}, 'Help desk staff? ', el('a', {href: '/'}, 'Sign in to the agent app')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, formError);
    const address = input.value.trim();
    if (!address || !/^[^\s@]+@[^\s@]+$/.test(address)) {
      setFieldError('link-email', address ? 'This does not look like an email address.' : 'Enter your email address.');
      input.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Sending…';
    try {
      await post('/api/auth/portal/link', {email: address}, {redirectOn401: false});
      sent.replaceChildren(
        el('div', {class: 'notice-title'}, 'Check your inbox'),
        el('p', null, 'If we know this address, a new link is on its way to ', el('strong', null, address), '. ',
          'It can take a minute; look in your spam folder too.'));
      sent.hidden = false;
      form.hidden = true;
      sent.setAttribute('tabindex', '-1');
      sent.focus();
    } catch (err) {
      const first = showProblem(err instanceof ApiError ? err : new ApiError(0, null), {email: 'link-email'}, formError);
      if (first) first.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = submitLabel;
    }
  });

  // someone who has never written to us gets the first-contact form next to the link form
  if (reason === 'none') {
    root.replaceChildren(el('div', {class: 'start-cards'}, card, firstContactCard()));
  } else {
    root.replaceChildren(card);
  }
  document.title = 'Sign in — Support';
  card.querySelector('h1').focus({preventScroll: true});
  return card;
}
