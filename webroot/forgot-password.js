// "Forgot your password?" on the sign-in page: POST /api/auth/password-reset always
// answers 202 with the same words, whether or not the address is known.
import {post} from './shared/api.js';

const open = document.getElementById('forgot-open');
const form = document.getElementById('forgot-form');
const email = document.getElementById('forgot-email');
const error = document.getElementById('forgot-email-error');
const done = document.getElementById('forgot-done');
const submit = document.getElementById('forgot-submit');

open.addEventListener('click', () => {
  form.hidden = false;
  const signIn = document.getElementById('email');
  if (signIn && signIn.value) email.value = signIn.value;
  email.focus();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  done.textContent = '';
  email.removeAttribute('aria-invalid');
  if (!email.value.trim()) {
    email.setAttribute('aria-invalid', 'true');
    error.textContent = 'Enter the address you sign in with.';
    email.focus();
    return;
  }
  submit.disabled = true;
  try {
    const answer = await post('/api/auth/password-reset', {email: email.value.trim()}, {redirectOn401: false});
    done.className = 'notice notice-success';
    done.textContent = answer.detail + '. The link works once, for an hour.';
  } catch (err) {
    const fieldError = (err.fieldErrors || [])[0];
    error.textContent = fieldError ? fieldError.message : err.message;
    email.setAttribute('aria-invalid', 'true');
  } finally {
    submit.disabled = false;
  }
});
