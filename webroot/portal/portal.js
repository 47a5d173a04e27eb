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
// Live (shared/live.js, with the portal's token): the list follows `tickets` (status
// changes, new requests, deleted ones); an open request follows `ticket:REF` (new
// messages as chat bubbles, never a note; status; "Carl is typing…"). The module
// functions appendMessage(message, ticketRef) and updateTicket(ticket) reach the
// open chat and the list.
import {configureSession, get, post, getToken, getStoredUser, saveSession, saveUser, clearSession} from '../shared/api.js';
import {el} from '../shared/dom.js';
import {initials, startTimeRefresh} from '../shared/format.js';
import {icon} from '../shared/icons.js';
import {toast} from '../shared/ui.js';
import {sharedLive, canonicalRef} from '../shared/live.js';
import {liveStatus} from '../shared/live-ui.js';
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
let live = null; // {connection, stopList, stopStatus} while signed in
let stopChat = null; // stops following the open request
let chatStatus = null; // the open request's connection status

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
  if (stopChat) stopChat();
  stopChat = null;
  if (chatStatus) chatStatus.stop();
  chatStatus = null;
  if (view && view.unmount) view.unmount();
  view = null;
}

// ---------- live ----------
function startLive() {
  stopLive();
  const connection = sharedLive({token: getToken()});
  live = {
    connection,
    stopList: connection.subscribe('tickets', onListFrame),
    stopStatus: connection.onStatus((state) => {
      if (state !== 'live' && view && view.showTyping) view.showTyping([]);
    }),
  };
}

function stopLive() {
  if (!live) return;
  live.stopList();
  live.stopStatus();
  live.connection.close();
  live = null;
}

function onListFrame(frame) {
  if (!shell) return;
  if (frame.type === 'resync') {
    shell.list.load();
    return;
  }
  if (frame.type !== 'event' || !frame.data) return;
  if (frame.kind === 'ticket.created' || frame.kind === 'ticket.updated') {
    shell.list.update(frame.data, {highlight: frame.kind === 'ticket.created'});
  } else if (frame.kind === 'ticket.deleted') {
    shell.list.remove(frame.data.ref);
  }
}

/** Follows the open request: its messages, its status, who of the staff is typing. */
function followChat(ref) {
  const liveRef = canonicalRef(ref);
  if (!live || !liveRef) return;
  const chat = view;
  stopChat = live.connection.subscribe('ticket:' + liveRef, (frame) => {
    if (view !== chat) return;
    if (frame.type === 'presence') {
      chat.showTyping(frame.users);
    } else if (frame.type === 'resync') {
      chat.refresh();
    } else if (frame.type === 'event' && frame.data) {
      if (frame.kind === 'message.created') {
        const message = frame.data.message;
        if (message && message.type !== 'note') chat.appendMessage(message, frame.data.ticketRef);
      } else if (frame.kind === 'ticket.updated') {
        chat.updateTicket(frame.data);
      } else if (frame.kind === 'ticket.deleted') {
        toast('This request was removed.', 6000);
        navigate('#/');
      }
    }
  });
}

// ---------- signed out ----------
function signOut(reason, problem) {
  const email = user ? user.email : (getStoredUser() || {}).email;
  clearSession();
  unmountView();
  stopLive();
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
    chatStatus = live ? liveStatus(live.connection, {id: 'portal-live-status', quiet: true}) : null;
    view = chatView.mount(shell.detail, {ref, user, navigate,
      statusElement: chatStatus ? chatStatus.element : null,
      onTicket: (t) => {
        shell.list.setActive(t.ref);
        shell.list.update(t);
      }});
    followChat(ref);
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
  startLive();
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
  document.getElementById('portal-signout').addEventListener('click', async () => {
    // end the session on the server too (issue 12), then forget it here
    await post('/api/auth/logout', {}, {redirectOn401: false}).catch(() => {});
    signOut('signed-out');
  });
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
