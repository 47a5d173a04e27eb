// The agent shell's part of issue 12: Settings links only admins use are hidden from agents,
// "Sign out" ends the session on the server, and a session ended elsewhere (signed out
// everywhere, deactivated, password changed) signs this page out as soon as the live socket
// is closed with 4401.
import {get, post, clearSession} from '../shared/api.js';
import {sharedLive} from '../shared/live.js';

export async function signOut() {
  try {
    await post('/api/auth/logout', {}, {redirectOn401: false});
  } catch {
    // already ended, or the server is unreachable: forget the token anyway
  }
  clearSession();
  location.assign('/');
}

export function startTeamShell(app) {
  for (const node of document.querySelectorAll('[data-admin-only]')) {
    node.hidden = !(app.user && app.user.role === 'admin');
  }
  sharedLive().onStatus((state) => {
    // api.js signs the page out on the 401 this answers once the session has ended
    if (state === 'unauthorized') get('/api/me').catch(() => {});
  });
}
