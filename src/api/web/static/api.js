/**
 * The gfsim HTTP API as seen from the page: JSON requests on this origin only, errors turned into ApiError (with the
 * API's `{error: {code, message, issues}}`), a bearer token when the server asks for one, and polling of jobs.
 */

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = detail?.code ?? "HTTP_ERROR";
    this.issues = Array.isArray(detail?.issues) ? detail.issues : [];
  }
}

const TOKEN_KEY = "gfsim.token";
let onUnauthorized = () => {};

export function setUnauthorizedHandler(f) {
  onUnauthorized = f;
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra = {}) {
  const h = { accept: "application/json", ...extra };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) h.authorization = `Bearer ${token}`;
  return h;
}

/** A JSON request; resolves with the parsed body, rejects with ApiError. */
export async function api(method, url, body) {
  const init = { method, headers: headers(body === undefined ? {} : { "content-type": "application/json" }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new ApiError(0, { code: "NETWORK", message: String(e?.message ?? e) });
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    if (res.status === 401) onUnauthorized();
    throw new ApiError(res.status, json?.error ?? { message: text.slice(0, 200) || res.statusText });
  }
  return json;
}

export const get = (url) => api("GET", url);
export const post = (url, body) => api("POST", url, body);
export const del = (url) => api("DELETE", url);

const TERMINAL = new Set(["done", "failed", "cancelled"]);

/**
 * Polls a job until it finishes; `onUpdate` gets every status. Resolves with the last status; `signal.stop = true`
 * stops polling (the job itself goes on unless cancelled).
 */
export async function pollJob(id, onUpdate, signal = {}) {
  let delay = 150;
  for (;;) {
    const job = await get(`/v1/runs/${id}`);
    onUpdate(job);
    if (TERMINAL.has(job.status) || signal.stop) return job;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(1000, delay * 1.3);
  }
}
