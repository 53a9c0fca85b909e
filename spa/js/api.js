// The one client for the Branchdesk API. It keeps the bearer token in
// sessionStorage (gone when the tab closes), sends and reads JSON, refreshes the
// token before it runs out, and turns RFC 9457 problem+json answers into
// ApiError. On a 401 it forgets the token and tells the app to show the login.
import { getLang } from './i18n.js';

const BASE = '/api';
const TOKEN_KEY = 'branchdesk.token';
const EXPIRES_AT_KEY = 'branchdesk.tokenExpiresAt';
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.type = problem.type ?? '';
    this.title = problem.title ?? '';
    this.detail = problem.detail ?? '';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }

  get isNetworkError() {
    return this.status === 0;
  }
}

let onUnauthorizedHandler = () => {};

export function onUnauthorized(handler) {
  onUnauthorizedHandler = handler;
}

export function isSignedIn() {
  return sessionStorage.getItem(TOKEN_KEY) !== null;
}

function storeToken({ access_token: token, expires_in: expiresIn }) {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(EXPIRES_AT_KEY, String(Date.now() + expiresIn * 1000));
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(EXPIRES_AT_KEY);
}

export async function login(username, password) {
  const form = new URLSearchParams({ username, password });
  storeToken(await send('POST', '/auth/token', { form, auth: false }));
}

// Refreshing only when a request is made means an idle session still ends
// when its token does: a desk left unattended signs itself out.
let refreshing = null;

async function refreshIfDue() {
  const expiresAt = Number(sessionStorage.getItem(EXPIRES_AT_KEY));
  if (!expiresAt || expiresAt - Date.now() > REFRESH_MARGIN_MS) return;

  refreshing ??= send('POST', '/auth/refresh')
    .then(storeToken)
    .finally(() => {
      refreshing = null;
    });
  await refreshing;
}

function buildUrl(path, query) {
  const url = new URL(BASE + path, window.location.origin);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(name, value);
    }
  }
  return url;
}

async function readProblem(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      // A broken body says no more than the status line does.
    }
  }
  return { title: response.statusText };
}

async function send(method, path, { query, json, form, auth = true } = {}) {
  const headers = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': getLang(),
  };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = form.toString();
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (auth && token) headers.Authorization = `Bearer ${token}`;

  let response;
  try {
    response = await fetch(buildUrl(path, query), { method, headers, body });
  } catch {
    throw new ApiError(0, { title: 'network error' });
  }

  // A 401 on a signed-in call means the session is over; on the login call it
  // only means wrong credentials, which the login page shows itself.
  if (response.status === 401 && auth) {
    forgetToken();
    onUnauthorizedHandler();
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  if (response.status === 204) return null;
  return response.json();
}

async function request(method, path, options) {
  await refreshIfDue();
  return send(method, path, options);
}

export const api = {
  get: (path, query) => request('GET', path, { query }),
  post: (path, json) => request('POST', path, { json }),
  put: (path, json) => request('PUT', path, { json }),
  patch: (path, json) => request('PATCH', path, { json }),
  delete: (path) => request('DELETE', path),
};
