// The page invitation and reset mails link to: /set-password.html#token=…
// POST /api/auth/password {"token", "newPassword"}; the link works once.
import {post, clearSession} from './shared/api.js';

const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
// the token must not linger in the address bar or the history
history.replaceState(null, '', location.pathname);

const form = document.getElementById('set-form');
const fresh = document.getElementById('new-password');
const again = document.getElementById('new-password-again');
const formError = document.getElementById('set-error');
const submit = document.getElementById('set-submit');

function fieldError(input, message) {
  input.setAttribute('aria-invalid', 'true');
  document.getElementById(input.id + '-error').textContent = message;
}

function clear() {
  formError.textContent = '';
  for (const input of [fresh, again]) {
    input.removeAttribute('aria-invalid');
    document.getElementById(input.id + '-error').textContent = '';
  }
}

if (!token) {
  form.hidden = true;
  formError.textContent = 'This page needs the link from your mail. Ask for a new one from the sign-in page.';
} else {
  fresh.focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clear();
  if (fresh.value.length < 10) {
    fieldError(fresh, 'Use at least 10 characters.');
    fresh.focus();
    return;
  }
  if (fresh.value !== again.value) {
    fieldError(again, 'The two passwords differ.');
    again.focus();
    return;
  }
  submit.disabled = true;
  try {
    const who = await post('/api/auth/password', {token, newPassword: fresh.value}, {redirectOn401: false});
    clearSession();
    form.hidden = true;
    document.getElementById('set-email').textContent = who.email;
    document.getElementById('set-done').hidden = false;
    document.getElementById('set-sign-in').focus();
  } catch (err) {
    submit.disabled = false;
    const problem = (err.fieldErrors || []).find((f) => f.field === 'newPassword');
    if (problem) {
      fieldError(fresh, problem.message);
      fresh.focus();
    } else {
      formError.textContent = err.status === 401
        ? 'This link is used or expired. Ask for a new one with “Forgot your password?” on the sign-in page.'
        : err.message;
    }
  }
});
