// The server's public HTTP API, called with the operator's admin token. Every failure is an ApiError.
import * as session from './session.js';

/** A failed call: status 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  get unreachable() {
    return this.status === 0;
  }
}

let onUnauthorized = () => {};

/** Called whenever the server answers 401 (the token is wrong or was changed). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export async function request(method, path, { body, params, tokenOverride } = {}) {
  const headers = { Accept: 'application/json' };
  const usedToken = tokenOverride ?? session.token();
  if (usedToken) headers.Authorization = `Bearer ${usedToken}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path + query(params), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'UNREACHABLE', 'The server is unreachable. Is it running?', null);
  }
  const json = await readJson(response);
  if (response.ok) return json;
  const error = new ApiError(response.status, json?.error || `HTTP_${response.status}`,
    json?.message || `The server answered ${response.status} ${response.statusText}`, json?.field ?? null);
  if (response.status === 401 && tokenOverride === undefined) onUnauthorized(error);
  throw error;
}

export const get = (path, params) => request('GET', path, { params });
export const post = (path, body) => request('POST', path, { body });

/** Builds `?a=1&b=2` from the non-empty entries of `params`; arrays are joined with commas. */
export function query(params) {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text !== undefined && text !== null && text !== '') search.set(key, text);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch (e) {
    return { message: text.slice(0, 300) };
  }
}
