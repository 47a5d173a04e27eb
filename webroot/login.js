// Sign-in page: POST /api/auth/login, keep the token, go to the agent app.
import {get, post, getToken, saveSession, clearSession} from './shared/api.js';

const form = document.getElementById('login-form');
const email = document.getElementById('email');
const password = document.getElementById('password');
const submit = form.querySelector('button[type="submit"]');
const formError = document.getElementById('login-error');
const card = document.getElementById('main');

/** Where to go after signing in: ?next=/agent/#/tickets/TKT-017 if it is ours. */
function destination() {
  const next = new URLSearchParams(location.search).get('next');
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && next !== '/') {
    return next;
  }
  return '/agent/';
}

function setBusy(busy) {
  card.setAttribute('aria-busy', busy ? 'true' : 'false');
  submit.disabled = busy;
  submit.textContent = busy ? 'Signing in…' : 'Sign in';
}

function clearErrors() {
  formError.textContent = '';
  for (const input of [email, password]) {
    input.removeAttribute('aria-invalid');
    document.getElementById(input.id + '-error').textContent = '';
  }
}

function showFieldError(input, message) {
  input.setAttribute('aria-invalid', 'true');
  document.getElementById(input.id + '-error').textContent = message;
}

function showError(err) {
  const byField = {email, password};
  let unplaced = false;
  for (const {field, message} of err.fieldErrors || []) {
    if (byField[field]) showFieldError(byField[field], message);
    else unplaced = true;
  }
  if (!err.fieldErrors || err.fieldErrors.length === 0 || unplaced) {
    formError.textContent = err.status === 401
      ? (err.problem && err.problem.detail) || 'Wrong email or password.'
      : err.message;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  let missing = false;
  if (!email.value.trim()) { showFieldError(email, 'Enter your email address.'); missing = true; }
  if (!password.value) { showFieldError(password, 'Enter your password.'); missing = true; }
  if (missing) {
    (email.value.trim() ? password : email).focus();
    return;
  }
  setBusy(true);
  try {
    const {token, user} = await post('/api/auth/login',
      {email: email.value.trim(), password: password.value}, {redirectOn401: false});
    saveSession(token, user);
    location.assign(destination());
  } catch (err) {
    setBusy(false);
    showError(err);
    password.select();
    password.focus();
  }
});

// Already signed in? Skip the form.
async function resume() {
  if (!getToken()) {
    email.focus();
    return;
  }
  setBusy(true);
  try {
    const user = await get('/api/me', undefined, {redirectOn401: false});
    saveSession(getToken(), user);
    location.replace(destination());
  } catch (err) {
    if (err.status === 401 || err.status === 403) clearSession();
    setBusy(false);
    email.focus();
  }
}

resume();
