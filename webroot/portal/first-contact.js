// First contact on the web: a new customer, with no account and no link, opens a
// request from the portal's start page, next to "email me a link".
//
// POST /api/requests {email, name, subject, description} → 202, the same answer
// whether the address is known or not; the confirmation mail carries the portal
// link. 429 (too many requests) shows when to try again.
import {post, ApiError} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {field, clearErrors, setFieldError, showProblem} from '../shared/forms.js';

const FIELDS = {email: 'request-email', name: 'request-name', subject: 'request-subject',
  description: 'request-description'};

/** The "New to us? Write to support" card. */
export function firstContactCard() {
  const email = el('input', {type: 'email', id: FIELDS.email, name: 'email', autocomplete: 'email', required: true,
    inputmode: 'email', maxlength: 254});
  const name = el('input', {type: 'text', id: FIELDS.name, name: 'name', autocomplete: 'name', maxlength: 200});
  const subject = el('input', {type: 'text', id: FIELDS.subject, name: 'subject', required: true, maxlength: 200});
  const description = el('textarea', {id: FIELDS.description, name: 'description', rows: 6, required: true,
    maxlength: 100000});
  const submit = el('button', {type: 'submit', class: 'btn btn-primary btn-large', id: 'request-submit'},
    'Send my request');
  const formError = el('div', {class: 'form-error', id: 'request-error', role: 'alert'});
  const sent = el('div', {class: 'notice notice-success', id: 'request-sent', role: 'status', hidden: true});
  const form = el('form', {id: 'request-form', novalidate: true},
    formError,
    field('Your email address', email),
    field('Your name', name, {hint: 'Optional'}),
    field('Subject', subject),
    field('How can we help?', description),
    submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, formError);
    const body = {email: email.value.trim(), name: name.value.trim(), subject: subject.value.trim(),
      description: description.value.trim()};
    let bad = null;
    if (!/^[^\s@]+@[^\s@]+$/.test(body.email)) {
      setFieldError(FIELDS.email, body.email ? 'This does not look like an email address.' : 'Enter your email address.');
      bad = bad || email;
    }
    if (!body.subject) {
      setFieldError(FIELDS.subject, 'Say in a few words what it is about.');
      bad = bad || subject;
    }
    if (!body.description) {
      setFieldError(FIELDS.description, 'Tell us what happened.');
      bad = bad || description;
    }
    if (bad) {
      bad.focus();
      return;
    }
    if (!body.name) delete body.name;
    submit.disabled = true;
    submit.textContent = 'Sending…';
    try {
      await post('/api/requests', body, {redirectOn401: false});
      sent.replaceChildren(
        el('div', {class: 'notice-title'}, 'Thank you, your request is on its way'),
        el('p', null, 'We are sending a confirmation to ', el('strong', null, body.email),
          ' with a link to follow your request and answer us. You can also simply reply to that mail.'));
      sent.hidden = false;
      form.hidden = true;
      sent.setAttribute('tabindex', '-1');
      sent.focus();
    } catch (err) {
      const problem = err instanceof ApiError ? err : new ApiError(0, null);
      const first = showProblem(problem, FIELDS, formError);
      if (first) first.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Send my request';
    }
  });

  return el('section', {class: 'portal-card request-card', id: 'first-contact', 'aria-labelledby': 'request-title'},
    el('h2', {id: 'request-title'}, 'New to us? Write to support'),
    el('p', {class: 'muted'}, 'No account needed. We answer by email, and you can follow your request here.'),
    form,
    sent);
}
