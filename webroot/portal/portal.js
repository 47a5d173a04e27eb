// The requester portal (/portal/): signs in from an emailed link, lists the
// requester's own tickets, shows one as a chat, opens new ones.
//
// Routes (location.hash):
//   #/                    my requests
//   #/new                 new request form
//   #/requests/TKT-017    one request as a chat
// The portal keeps its own session (localStorage `helpdesk.portal.token`),
// separate from the agent app's; any 401 shows the "email me a new link" page.
//
// For live updates (shared/live.js): appendMessage(message, ticketRef) and
// updateTicket(ticket) below reach the open chat and the list.
import {configureSession, get, getToken, getStoredUser, saveSession, saveUser, clearSession} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {initials, startTimeRefresh} from '../shared/format.js';
import {icon} from '../shared/icons.js';
import {toast} from '../shared/ui.js';
import {takeLinkFromUrl, exchangeLink, showLinkPage} from './signin.js';
import {createRequestList, requestHash} from './requests.js';
import * as chatView from './chat.js';
import * as newRequestView from './new-request.js';

configureSession({
  tokenKey: 'helpdesk.portal.token',
  userKey: 'helpdesk.portal.user',
  onUnauthorized: (problem) => signOut('ended', problem),
});

const main = document.getElementById('main');
const sessionBox = document.getElementById('portal-session');

let user = null;
let shell = null; // {detail, list} while signed in
let view = null; // the handle of what the detail pane shows

/** Adds a message to the open chat (if it is that ticket's). */
export function appendMessage(message, ticketRef) {
  return view && view.appendMessage ? view.appendMessage(message, ticketRef) : false;
}

/** A ticket changed: the list and, if it is open, the chat show it. */
export function updateTicket(ticket) {
  if (shell) shell.list.update(ticket);
  return view && view.updateTicket ? view.updateTicket(ticket) : false;
}

/** The signed-in requester, or null. */
export function currentUser() {
  return user;
}

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function unmountView() {
  if (view && view.unmount) view.unmount();
  view = null;
}

// ---------- signed out ----------
function signOut(reason, problem) {
  const email = user ? user.email : (getStoredUser() || {}).email;
  clearSession();
  unmountView();
  user = null;
  shell = null;
  sessionBox.hidden = true;
  document.body.dataset.view = 'signin';
  showLinkPage(main, {reason, problem, email: email || ''});
}

// ---------- signed in ----------
function renderUser() {
  document.getElementById('portal-user').textContent = user.name || user.email;
  document.getElementById('portal-user').title = user.email || '';
  document.getElementById('portal-avatar').textContent = initials(user.name || user.email);
  sessionBox.hidden = false;
}

function buildShell() {
  const listEl = el('ul', {class: 'request-list', id: 'request-list', 'aria-labelledby': 'requests-title'});
  const empty = el('div', {class: 'requests-empty', id: 'requests-empty', hidden: true},
    el('p', null, 'You have no requests yet.'),
    el('p', {class: 'muted'}, 'Need help with something? Start a new request and we will get back to you.'));
  const detail = el('div', {class: 'detail-pane', id: 'detail'});
  main.replaceChildren(el('div', {class: 'portal-layout'},
    el('aside', {class: 'requests-pane', 'aria-labelledby': 'requests-title'},
      el('div', {class: 'pane-head'},
        el('h2', {id: 'requests-title'}, 'My requests'),
        el('a', {href: '#/new', class: 'btn btn-primary', id: 'new-request-button'}, icon('plus'), 'New request')),
      listEl, empty),
    detail));
  shell = {detail, list: createRequestList(listEl, empty)};
  shell.list.load();
}

function welcome() {
  const first = String(user.name || '').split(/\s+/)[0];
  shell.detail.replaceChildren(el('section', {class: 'portal-card welcome', id: 'welcome'},
    el('h1', {tabindex: '-1'}, first ? `Hello, ${first}` : 'Hello'),
    el('p', null, 'Pick one of your requests to read the conversation and answer, or tell us about something new.'),
    el('div', {class: 'card-actions'},
      el('a', {href: '#/new', class: 'btn btn-primary'}, icon('plus'), 'New request'))));
  document.title = 'My requests — Support';
  return {};
}

function route() {
  if (!user || !shell) return;
  unmountView();
  const path = location.hash.replace(/^#/, '') || '/';
  const match = /^\/requests\/([^/]+)$/.exec(path);
  if (match) {
    const ref = decodeURIComponent(match[1]);
    document.body.dataset.view = 'detail';
    shell.list.setActive(ref);
    view = chatView.mount(shell.detail, {ref, user, navigate, onTicket: (t) => {
      shell.list.setActive(t.ref);
      shell.list.update(t);
    }});
  } else if (path === '/new') {
    document.body.dataset.view = 'detail';
    shell.list.setActive(null);
    view = newRequestView.mount(shell.detail, {navigate, onCreated: (t) => shell.list.update(t)});
  } else {
    document.body.dataset.view = 'list';
    shell.list.setActive(null);
    if (path !== '/') history.replaceState(null, '', location.pathname + '#/');
    view = welcome();
    shell.list.load();
  }
  window.scrollTo(0, 0);
}

function signedIn(u, hash) {
  user = u;
  saveUser(u);
  renderUser();
  buildShell();
  if (hash && location.hash !== hash) history.replaceState(null, '', location.pathname + hash);
  route();
}

/** The current session's user, or null when there is none (without the 401 page). */
async function currentSession() {
  if (!getToken()) return null;
  try {
    return await get('/api/me', undefined, {redirectOn401: false});
  } catch (err) {
    if (err.status === 401 || err.status === 403) clearSession();
    if (err.status === 0) throw err;
    return null;
  }
}

/** Signs in (with the emailed link, if the URL had one) and shows the page. */
async function begin(link) {
  main.replaceChildren(el('p', {class: 'loading'}, link ? 'Signing you in…' : 'Loading…'));
  try {
    if (link) {
      try {
        const {token, user: u} = await exchangeLink(link.token);
        saveSession(token, u);
        signedIn(u, link.ticket ? requestHash(link.ticket) : '#/');
        return;
      } catch (err) {
        if (err.status !== 401 && err.status !== 400) throw err;
        // A used link, but maybe this browser is still signed in from it.
        const me = await currentSession();
        if (me && me.role === 'requester') {
          toast('That link was already used, but you are still signed in.');
          signedIn(me, link.ticket ? requestHash(link.ticket) : '#/');
        } else {
          signOut('link', err.problem);
        }
        return;
      }
    }
    const me = await currentSession();
    if (me && me.role === 'requester') signedIn(me, location.hash.startsWith('#/') ? location.hash : '#/');
    else signOut('none');
  } catch (err) {
    // The server is unreachable: keep the link in memory so "Try again" can still use it.
    const retry = el('button', {type: 'button', class: 'btn btn-primary', id: 'portal-retry',
      onclick: () => begin(link)}, 'Try again');
    main.replaceChildren(el('section', {class: 'portal-card', role: 'alert', id: 'portal-error'},
      el('h1', null, 'We cannot reach the help desk right now'),
      el('p', null, err.message || 'Check your connection and try again.'),
      el('div', {class: 'card-actions'}, retry)));
  }
}

function start() {
  document.getElementById('portal-signout').addEventListener('click', () => signOut('signed-out'));
  document.getElementById('skip-link').addEventListener('click', () => {
    const target = main.querySelector('h1') || main;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  });
  window.addEventListener('hashchange', () => {
    // Another emailed link opened in this same tab only changes the fragment.
    const link = takeLinkFromUrl();
    if (link) {
      unmountView();
      begin(link);
    } else if (user) {
      route();
    }
  });
  window.addEventListener('beforeunload', (event) => {
    if (view && view.isDirty && view.isDirty()) event.preventDefault();
  });
  startTimeRefresh();
  // First thing: take the token out of the address bar, before any await.
  begin(takeLinkFromUrl());
}

start();
