// The console's HTTP client: same-origin JSON calls under ./api/, the session cookie sent by the browser (HttpOnly:
// script never sees it), the session's CSRF token in X-CSRF-Token on every state-changing call. The token lives in
// this module's memory only: a reload asks the server for it again (GET api/session).

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken = null;
let unauthorizedHandler = () => {};

/** An answer other than 2xx: the status and the server's JSON body ({"error", "detail"}) when there is one. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.error)) || `The server answered ${status}.`);
    this.status = status;
    this.body = body || {};
  }

  /** The server's words: detail when given, else error. */
  get words() {
    return this.message;
  }
}

export function setCsrfToken(token) {
  csrfToken = token;
}

/** Called with the 401's body when a call finds the session gone (expired, signed out, key revoked). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

/**
 * Calls the console API. path is relative to ./api/ (e.g. "admin/keys?page=2"); body (optional) is sent as JSON.
 * Resolves with the parsed JSON (null for 204); rejects with ApiError, after calling the 401 handler for a
 * missing session on any call but the session probe itself.
 */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store', redirect: 'error' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (STATE_CHANGING.has(method) && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let response;
  try {
    response = await fetch(`api/${path}`, init);
  } catch (e) {
    throw new ApiError(0, { error: 'Network error', detail: 'The server could not be reached. Try again.' });
  }
  let data = null;
  const type = response.headers.get('Content-Type') || '';
  if (response.status !== 204 && (type.includes('json'))) {
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
  }
  if (response.ok) {
    return data;
  }
  const error = new ApiError(response.status, data);
  if (response.status === 401 && !(method === 'POST' && path === 'session')) {
    unauthorizedHandler(error);
  }
  throw error;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const put = (path, body) => call('PUT', path, body);
export const del = (path) => call('DELETE', path);

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
