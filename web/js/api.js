// JSON over fetch with the session cookie and the CSRF header every write needs.
import { errorMessage } from './reasons.js';

let csrfToken = null;

export function setCsrf(token) { csrfToken = token || null; }
// The session's CSRF token, for a download the page fetches itself.
export function csrf() { return csrfToken; }

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    const e = (body && body.error) || {};
    // In the operator's language when the server names the error by a code the console knows.
    super(errorMessage(e) || `HTTP ${status}`);
    this.serverMessage = e.message || '';
    this.status = status;
    this.code = e.code || '';
    this.field = e.field || '';
    this.retryAfter = retryAfter;
    this.body = body;
  }
}

let onUnauthenticated = () => {};
export function whenSignedOut(fn) { onUnauthenticated = fn; }

// Whether the last request reached the server: the console shows a banner while it does not.
let reachable = true;
const reachListeners = new Set();
export function onReachability(fn) { reachListeners.add(fn); return () => reachListeners.delete(fn); }
function setReachable(value) {
  if (value === reachable) return;
  reachable = value;
  for (const fn of reachListeners) fn(value);
}

// crypto.randomUUID needs a secure context; getRandomValues works on plain http too.
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function api(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  let payload;
  if (body !== undefined) {
    if (options.contentType) {
      headers['Content-Type'] = options.contentType;
      payload = body;
    } else {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  // One key per intended action: a caller that retries passes the key of the first try.
  if (method === 'POST') headers['Idempotency-Key'] = options.idempotencyKey || newIdempotencyKey();
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (err) {
    setReachable(false);
    throw new ApiError(0, { error: { code: 'network', message: String(err) } });
  }
  // A proxy's 502-504 is the server being away too.
  setReachable(!(res.status >= 502 && res.status <= 504));
  let data = null;
  const type = res.headers.get('Content-Type') || '';
  if (res.status !== 204 && type.includes('json')) {
    try { data = await res.json(); } catch { data = null; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data, Number(res.headers.get('Retry-After')) || 0);
    if (res.status === 401 && !options.quiet) onUnauthenticated();
    throw err;
  }
  return data;
}

export const get = (path, opts) => api('GET', path, undefined, opts);
export const post = (path, body, opts) => api('POST', path, body, opts);
export const patch = (path, body, opts) => api('PATCH', path, body, opts);
export const del = (path, opts) => api('DELETE', path, undefined, opts);

// Builds a query string from an object, skipping empty values.
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

// A 404 for an endpoint (not for an id) means the server does not have that feature yet.
export function isMissingEndpoint(err) {
  if (!(err instanceof ApiError)) return false;
  if (err.status === 405) return true;
  return err.status === 404 && /no such (endpoint|file)/i.test(err.serverMessage || err.message || '');
}
