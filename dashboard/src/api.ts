// Talks to the gateway's admin API with the session cookie. The admin key is sent once, to sign in, and never kept:
// the session is an HttpOnly cookie the page cannot read, and the CSRF token for writes lives only in memory.

export interface Session {
  actor: string;
  global: boolean;
  scopes: string[];
  expires_at: string | null;
  csrf_token: string | null;
}

export interface ListPage<T> {
  object: 'list';
  data: T[];
  next_cursor?: string | null;
}

/** An error answered by the gateway, in OpenAI's shape; `param` is the JSON path of the field at fault. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly param: string | null;

  constructor(status: number, message: string, code: string | null, param: string | null) {
    super(message);
    this.status = status;
    this.code = code;
    this.param = param;
  }
}

let csrfToken: string | null = null;
let onSignedOut: (() => void) | null = null;

/** Called when the gateway says the session is gone (expired, or its key revoked). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

async function toError(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`;
  let code: string | null = null;
  let param: string | null = null;
  try {
    const body = await response.json();
    if (body?.error) {
      message = body.error.message ?? message;
      code = body.error.code ?? null;
      param = body.error.param ?? null;
    }
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(response.status, message, code, param);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const error = await toError(response);
    if (response.status === 401 && onSignedOut) onSignedOut();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
export const del = <T>(path: string) => request<T>('DELETE', path);

/** Builds a query string from the values that are set. */
export function query(values: Record<string, string | number | boolean | null | undefined>): string {
  const parts = Object.entries(values)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Signs in with an admin key: the gateway checks it and answers with the session cookie; the key is then forgotten. */
export async function signIn(key: string): Promise<Session> {
  const response = await fetch('/admin/v1/session', {
    method: 'POST',
    headers: { Authorization: `Bearer ${key.trim()}`, Accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (!response.ok) throw await toError(response);
  const session = (await response.json()) as Session;
  csrfToken = session.csrf_token;
  return session;
}

/** The current session, after a reload; null when signed out. */
export async function currentSession(): Promise<Session | null> {
  const response = await fetch('/admin/v1/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (response.status === 401) return null;
  if (!response.ok) throw await toError(response);
  const session = (await response.json()) as Session;
  csrfToken = session.csrf_token;
  return session;
}

export async function signOut(): Promise<void> {
  try {
    await request('DELETE', '/admin/v1/session');
  } finally {
    csrfToken = null;
  }
}
