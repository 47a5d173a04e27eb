// Fetch wrapper for the help desk API: the contract is the team's API.md, what this
// service builds is in src/main/resources/openapi.yaml (GET /openapi.yaml) and docs/api.md.
// - JSON in, JSON out; the Bearer token comes from localStorage.
// - Any 4xx/5xx becomes an ApiError carrying .status and .problem (RFC 9457).
// - A 401 clears the session and sends the user to the sign-in page, unless the
//   caller passes {redirectOn401: false} (the sign-in page itself does).
// - The requester portal keeps its own session under other keys and handles a
//   401 itself: it calls configureSession() once before anything else.

let TOKEN_KEY = 'helpdesk.token';
let USER_KEY = 'helpdesk.user';
let unauthorizedHandler = null;

/**
 * Per-page session settings: {tokenKey, userKey, onUnauthorized(problem)}.
 * Without onUnauthorized a 401 sends the browser to the staff sign-in page.
 */
export function configureSession({tokenKey, userKey, onUnauthorized} = {}) {
  if (tokenKey) TOKEN_KEY = tokenKey;
  if (userKey) USER_KEY = userKey;
  if (onUnauthorized) unauthorizedHandler = onUnauthorized;
}

/** What every call does with a 401 (unless the caller opted out). */
export function handleUnauthorized(problem) {
  clearSession();
  if (unauthorizedHandler) unauthorizedHandler(problem);
  else goToLogin();
}

/** {Authorization: 'Bearer …'} when signed in, {} otherwise. */
export function authHeaders() {
  const token = getToken();
  return token ? {Authorization: 'Bearer ' + token} : {};
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problemMessage(status, problem));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** Field errors as [{field, message}], [] when there are none. */
  get fieldErrors() {
    const errors = this.problem && this.problem.errors;
    return Array.isArray(errors) ? errors : [];
  }
}

function problemMessage(status, problem) {
  if (problem && (problem.detail || problem.title)) return problem.detail || problem.title;
  if (status === 0) return 'Cannot reach the server. Check your connection and try again.';
  return `The server answered ${status}.`;
}

export function getToken() {
  return localStorage.getItem(TOKEN_KEY);
}

export function getStoredUser() {
  try {
    return JSON.parse(localStorage.getItem(USER_KEY) || 'null');
  } catch {
    return null;
  }
}

export function saveSession(token, user) {
  localStorage.setItem(TOKEN_KEY, token);
  if (user) localStorage.setItem(USER_KEY, JSON.stringify(user));
}

export function saveUser(user) {
  localStorage.setItem(USER_KEY, JSON.stringify(user));
}

export function clearSession() {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
}

/** Sends the browser to the sign-in page, remembering where it was. */
export function goToLogin() {
  const here = location.pathname + location.search + location.hash;
  const next = here === '/' ? '' : '?next=' + encodeURIComponent(here);
  location.assign('/' + next);
}

/**
 * api('GET', '/api/tickets', undefined, {query: {limit: 50}})
 * Resolves with the parsed JSON body (or null for 204), rejects with ApiError.
 */
export async function api(method, path, body, opts = {}) {
  const {query, redirectOn401 = true, signal} = opts;
  const headers = {Accept: 'application/json, application/problem+json', ...authHeaders()};
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, v);
    }
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }

  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, null);
  }

  if (response.status === 401 && redirectOn401) {
    const problem = await readBody(response);
    handleUnauthorized(problem);
    // Keep callers from rendering anything while the page navigates away.
    throw new ApiError(401, problem);
  }
  const data = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export async function readBody(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return response.ok ? text : {title: response.statusText, status: response.status};
  }
}

export const get = (path, query, opts) => api('GET', path, undefined, {...opts, query});
export const post = (path, body, opts) => api('POST', path, body, opts);
export const patch = (path, body, opts) => api('PATCH', path, body, opts);
export const put = (path, body, opts) => api('PUT', path, body, opts);
export const del = (path, opts) => api('DELETE', path, undefined, opts);

/** Lists come as an array or as {items: [...]}; this accepts both. */
export function itemsOf(data) {
  if (Array.isArray(data)) return data;
  if (data && Array.isArray(data.items)) return data.items;
  return [];
}

/**
 * GETs an authenticated binary resource (an attachment) as a Blob. An <img src>
 * or a plain link cannot carry the Bearer token, so pages fetch and use blob: URLs.
 */
export async function fetchBlob(path, {signal} = {}) {
  let response;
  try {
    response = await fetch(path, {headers: authHeaders(), signal});
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    const problem = await readBody(response);
    if (response.status === 401) handleUnauthorized(problem);
    throw new ApiError(response.status, problem);
  }
  return response.blob();
}

/** Saves a Blob as a file through a temporary <a download>. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename || 'download';
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Downloads an authenticated resource (e.g. an attachment) as a file. */
export async function download(path, filename) {
  saveBlob(await fetchBlob(path), filename);
}
