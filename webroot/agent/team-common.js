// Shared bits of the Team, Profile, Contacts, Wallboard links, Trash and Audit pages.
import {el, replace} from '../shared/dom.js';

/** A page frame: <section> with an h1, an optional intro and toolbar, and a body. */
export function page(root, {id, title, intro, actions = []}) {
  const body = el('div', {class: 'team-body', id: id + '-body'}, el('p', {class: 'loading'}, 'Loading…'));
  root.append(el('section', {class: 'view view-team', id, 'aria-labelledby': 'view-title'},
    el('div', {class: 'view-head'},
      el('div', {class: 'view-title-row'},
        el('h1', {id: 'view-title', tabindex: '-1'}, title),
        intro ? el('span', {class: 'muted'}, intro) : null),
      actions.length ? el('div', {class: 'toolbar'}, actions) : null),
    body));
  return body;
}

/** Shows a load error with a retry button. */
export function loadError(body, err, retry) {
  replace(body, el('div', {class: 'notice', role: 'alert'},
    el('div', {class: 'notice-title'}, 'Could not load this page'), el('p', null, err.message),
    el('div', {class: 'notice-actions'}, el('button', {type: 'button', class: 'btn', onclick: retry}, 'Try again'))));
}

/** True when the signed-in user is an admin. */
export function isAdmin(app) {
  return Boolean(app.user && app.user.role === 'admin');
}

/** An admin-only page for an agent: says so instead of failing. */
export function adminsOnly(body) {
  replace(body, el('p', {class: 'notice notice-info'}, 'Only admins can see this page. Ask an admin if you need a change here.'));
}
