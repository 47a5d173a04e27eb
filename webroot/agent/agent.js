// Agent app shell: session, header, hash router and global keyboard shortcuts.
//
// Routes (location.hash):
//   #/                      ticket list (#/?q=status:open&sort=-updated)
//   #/new                   new ticket form
//   #/tickets/TKT-017       one ticket
//   #/workload              open tickets per agent
//   #/settings/sla          SLA targets and business hours (admins edit, agents read)
//   #/settings/email        the support mailbox and the mails set aside (admins)
//   #/settings/team, #/settings/wallboard-links, #/settings/audit, #/contacts, #/trash, #/profile (issue 12)
//   #/settings/routing      routing rules (admins)
//   #/reports               reports (?from=&to=&by=)
import {get, getToken, getStoredUser, saveUser, goToLogin} from '../shared/api.js';
import {label, initials, startTimeRefresh} from '../shared/format.js';
import {isTyping} from '../shared/dom.js';
import * as listView from './list.js';
import * as createView from './create.js';
import * as ticketView from './ticket.js';
import * as workloadView from './workload.js';
import * as slaSettingsView from './settings-sla.js';
import * as emailSettingsView from './settings-email.js';
import * as routingSettingsView from './settings-routing.js';
import * as reportsView from './reports.js';
import {createSearchBar} from './search-bar.js';
import {startPresets} from './presets.js';
import * as teamView from './settings-team.js';
import * as profileView from './profile.js';
import * as contactsView from './contacts.js';
import * as wallboardLinksView from './settings-wallboard.js';
import * as trashView from './trash.js';
import * as auditView from './settings-audit.js';
import {startTeamShell, signOut} from './team-shell.js';
import * as macroSettingsView from './settings-macros.js';
import {startNotifications} from './notifications.js';
import {startViews} from './views.js';
import {hashFor} from './nav.js';

const main = document.getElementById('main');
const search = document.getElementById('search');
const searchForm = document.getElementById('search-form');
const helpDialog = document.getElementById('help-dialog');
const searchBar = createSearchBar({form: searchForm, input: search,
  onSubmit: (q) => app.navigate(hashFor(q))});

const ROUTES = [
  {name: 'list', pattern: /^\/?$/, view: listView},
  {name: 'create', pattern: /^\/new$/, view: createView},
  {name: 'ticket', pattern: /^\/tickets\/([^/]+)$/, view: ticketView},
  {name: 'workload', pattern: /^\/workload$/, view: workloadView},
  {name: 'settings-sla', pattern: /^\/settings\/sla$/, view: slaSettingsView},
  {name: 'settings-email', pattern: /^\/settings\/email$/, view: emailSettingsView},
  {name: 'settings-team', pattern: /^\/settings\/team$/, view: teamView},
  {name: 'settings-wallboard-links', pattern: /^\/settings\/wallboard-links$/, view: wallboardLinksView},
  {name: 'settings-audit', pattern: /^\/settings\/audit$/, view: auditView},
  {name: 'contacts', pattern: /^\/contacts$/, view: contactsView},
  {name: 'trash', pattern: /^\/trash$/, view: trashView},
  {name: 'profile', pattern: /^\/profile$/, view: profileView},
  {name: 'settings-macros', pattern: /^\/settings\/macros$/, view: macroSettingsView},
  {name: 'settings-routing', pattern: /^\/settings\/routing$/, view: routingSettingsView},
  {name: 'reports', pattern: /^\/reports$/, view: reportsView},
];

const app = {
  user: getStoredUser(),
  current: null, // {route, handle}
  navigate(hash) {
    if (location.hash === hash) render();
    else location.hash = hash;
  },
  /** The list's filter as the header search shows it. */
  setSearch(q) {
    searchBar.setQuery(q || '');
  },
  setTitle(text) {
    document.title = text ? `${text} — Help desk` : 'Help desk';
  },
};

function parseHash() {
  const raw = location.hash.replace(/^#/, '');
  const [path, qs] = raw.split('?');
  return {path: path || '/', query: new URLSearchParams(qs || '')};
}

function render() {
  const {path, query} = parseHash();
  let route = null;
  let params = [];
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(path);
    if (match) {
      route = candidate;
      params = match.slice(1).map(decodeURIComponent);
      break;
    }
  }
  if (app.current && app.current.handle && app.current.handle.unmount) app.current.handle.unmount();
  app.current = null;
  main.replaceChildren();
  window.scrollTo(0, 0);
  if (!route) {
    app.navigate('#/');
    return;
  }
  markNav(route.name);
  const handle = route.view.mount(main, {app, params, query});
  app.current = {route, handle};
}

function markNav(name) {
  for (const link of document.querySelectorAll('.nav-link')) {
    if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function renderUser(user) {
  if (!user) return;
  document.getElementById('user-name').textContent = user.name || user.email || '';
  document.getElementById('user-role').textContent = label(user.role);
  document.getElementById('user-avatar').textContent = initials(user.name || user.email);
}

function onKeyDown(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (document.querySelector('dialog[open]')) return; // the dialog owns the keyboard
  const view = app.current && app.current.handle;

  if (event.key === 'Escape') {
    if (isTyping(event)) {
      event.target.blur();
      return;
    }
    if (view && view.onKey && view.onKey(event)) return;
    if (app.current && app.current.route.name !== 'list') {
      event.preventDefault();
      app.navigate(listHash());
    }
    return;
  }
  if (isTyping(event)) return;

  if (event.key === '/') {
    event.preventDefault();
    searchBar.focus();
  } else if (event.key === '?') {
    event.preventDefault();
    helpDialog.showModal();
  } else if (event.key === 'c') {
    event.preventDefault();
    // On the form already: do not wipe what was typed.
    if (!app.current || app.current.route.name !== 'create') app.navigate('#/new');
  } else if (view && view.onKey) {
    view.onKey(event);
  }
}

/** The list URL, keeping the current filter. */
function listHash() {
  return hashFor(searchBar.query());
}

/** The phone menu: the sidebar folds behind #menu-toggle; Escape or choosing a link closes it. */
function wireMenu() {
  const toggle = document.getElementById('menu-toggle');
  const sidebar = document.getElementById('sidebar');
  const setOpen = (open) => {
    sidebar.classList.toggle('is-open', open);
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    setOpen(open);
    if (open) {
      const first = sidebar.querySelector('a, button');
      if (first) first.focus();
    }
  });
  sidebar.addEventListener('click', (event) => {
    if (event.target.closest('a')) setOpen(false);
  });
  // before the shortcuts' handler: Escape closes an open menu and nothing else
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || toggle.getAttribute('aria-expanded') !== 'true') return;
    event.preventDefault();
    setOpen(false);
    toggle.focus();
  });
}

function wireShell() {
  wireMenu();
  document.getElementById('sign-out').addEventListener('click', signOut);
  document.getElementById('shortcuts-button').addEventListener('click', () => helpDialog.showModal());
  document.getElementById('help-close').addEventListener('click', () => helpDialog.close());
  document.getElementById('skip-link').addEventListener('click', () => {
    const target = main.querySelector('h1') || main;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  });
  document.addEventListener('keydown', onKeyDown);
  window.addEventListener('hashchange', render);
}

function renderNotStaff(user) {
  main.replaceChildren();
  const p = document.createElement('p');
  p.className = 'notice notice-warning';
  p.textContent = `You are signed in as ${user.name || user.email}, a requester. ` +
    'The agent app is for help desk staff; sign out and sign in with a staff account.';
  main.appendChild(p);
}

async function start() {
  if (!getToken()) {
    goToLogin();
    return;
  }
  renderUser(app.user);
  wireShell();
  startTimeRefresh();
  try {
    app.user = await get('/api/me');
    saveUser(app.user);
    renderUser(app.user);
  } catch (err) {
    if (err.status === 401) return; // api.js is already sending us to sign in
    if (!app.user) {
      main.textContent = 'Could not load your account: ' + err.message;
      return;
    }
  }
  if (app.user && app.user.role === 'requester') {
    renderNotStaff(app.user);
    return;
  }
  startPresets();
  startTeamShell(app);
  startViews(app);
  startNotifications(app);
  render();
}

start();
