// Profile (#/profile, every staff member): name, password (asks the current one; every
// other session ends), sign out everywhere, and notification preferences.
import {patch, post, saveUser, clearSession} from '../shared/api.js';
import {el, replace} from '../shared/dom.js';
import {label} from '../shared/format.js';
import {field, clearErrors, showProblem, clearErrorsOnEdit} from '../shared/forms.js';
import {toast, confirmDialog} from '../shared/ui.js';
import {page} from './team-common.js';
import {preferencesForm} from './notification-preferences.js';

export function mount(root, {app}) {
  app.setTitle('Profile');
  const body = page(root, {id: 'profile', title: 'Profile', intro: app.user ? app.user.email : ''});
  const user = app.user || {};

  const name = el('input', {id: 'profile-name', type: 'text', value: user.name || '', required: true, maxlength: '200',
    autocomplete: 'name'});
  const nameError = el('div', {class: 'form-error', role: 'alert'});
  const nameForm = el('form', {class: 'team-card', id: 'profile-name-form', novalidate: true},
    el('h2', null, 'Your name'),
    el('p', {class: 'muted'}, `Signed in as ${label(user.role || '')}.`),
    field('Name', name), nameError,
    el('div', {class: 'form-actions'}, el('button', {type: 'submit', class: 'btn btn-primary', id: 'profile-name-save'},
      'Save name')));
  nameForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(nameForm, nameError);
    try {
      app.user = await patch('/api/me', {name: name.value.trim()});
      saveUser(app.user);
      document.getElementById('user-name').textContent = app.user.name;
      toast('Name saved');
    } catch (err) {
      showProblem(err, {name: 'profile-name'}, nameError);
    }
  });

  const current = el('input', {id: 'profile-current', type: 'password', autocomplete: 'current-password',
    required: true});
  const fresh = el('input', {id: 'profile-new', type: 'password', autocomplete: 'new-password', required: true});
  const again = el('input', {id: 'profile-again', type: 'password', autocomplete: 'new-password', required: true});
  const pwError = el('div', {class: 'form-error', role: 'alert'});
  // Whose password this is, for password managers (Chromium warns of a password form without
  // one): hidden, not sent, kept through reset() as the field's default value.
  const username = el('input', {type: 'text', id: 'profile-username', name: 'username', autocomplete: 'username',
    hidden: true});
  username.defaultValue = user.email || '';
  const pwForm = el('form', {class: 'team-card', id: 'profile-password-form', novalidate: true},
    username,
    el('h2', null, 'Password'),
    el('p', {class: 'muted'}, 'Changing it signs you out everywhere else (other browsers, phones).'),
    field('Current password', current),
    field('New password', fresh, {hint: 'At least 10 characters, and not one of the 10,000 most common passwords.'}),
    field('New password again', again), pwError,
    el('div', {class: 'form-actions'}, el('button', {type: 'submit', class: 'btn btn-primary', id: 'profile-password-save'},
      'Change password')));
  clearErrorsOnEdit(pwForm);
  pwForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(pwForm, pwError);
    if (fresh.value !== again.value) {
      showProblem({fieldErrors: [{field: 'again', message: 'The two new passwords differ.'}], message: ''},
        {again: 'profile-again'}, null);
      again.focus();
      return;
    }
    try {
      await patch('/api/me', {currentPassword: current.value, newPassword: fresh.value});
      pwForm.reset();
      toast('Password changed; your other sessions are signed out');
    } catch (err) {
      const first = showProblem(err, {currentPassword: 'profile-current', newPassword: 'profile-new'}, pwError);
      if (first) first.focus();
    }
  });

  const everywhere = el('button', {type: 'button', class: 'btn btn-danger', id: 'profile-sign-out-everywhere'},
    'Sign out everywhere');
  everywhere.addEventListener('click', async () => {
    const ok = await confirmDialog({title: 'Sign out everywhere?',
      message: 'Every browser and device signed in as you is signed out at once, this one too.',
      confirmLabel: 'Sign out everywhere', danger: true, id: 'everywhere-dialog'});
    if (!ok) return;
    try {
      await post('/api/auth/logout-all', {});
    } finally {
      clearSession();
      location.assign('/');
    }
  });
  const sessions = el('section', {class: 'team-card', id: 'profile-sessions', 'aria-labelledby': 'profile-sessions-h'},
    el('h2', {id: 'profile-sessions-h'}, 'Sessions'),
    el('p', {class: 'muted'}, 'Lost a phone or signed in on a shared computer? End every session of yours.'),
    everywhere);

  // Notification preferences: the notifications feature's form (GET/PUT /api/me/preferences).
  const preferences = el('section', {class: 'team-card', id: 'profile-preferences',
    'aria-labelledby': 'profile-preferences-h'},
  el('h2', {id: 'profile-preferences-h'}, 'Notification preferences'),
  el('div', {id: 'profile-preferences-body'}, preferencesForm()));

  replace(body, el('div', {class: 'team-cards'}, nameForm, pwForm, sessions, preferences));
  return {};
}
