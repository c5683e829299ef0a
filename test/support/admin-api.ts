import type { FastifyInstance } from 'fastify';

/** What a test sees of an admin API answer: the body parsed when it is JSON, and the raw text. */
export interface AdminAnswer<T> {
  status: number;
  // Tests read arbitrary fields of answers; `any` by default keeps those reads short.
  body: T;
  text: string;
  headers: Headers;
}

/** Starts an admin server on a free loopback port; resolves to its API's base URL (`http://127.0.0.1:<port>/api`). */
export async function listenAdmin(admin: FastifyInstance): Promise<string> {
  return `${(await admin.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1')}/api`;
}

/**
 * A test client for the admin API over real HTTP: sends the admin token and JSON bodies (a string
 * body verbatim, for malformed-input tests), and extra headers that replace the defaults. The
 * address is read per call, since engines start in `beforeAll`.
 */
export function adminApi(where: () => { url: string; token: string }) {
  return async function api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<AdminAnswer<T>> {
    const { url, token } = where();
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  };
}

/**
 * Reads a job's state until it is no longer `running`. Polling is how the inspector follows a job
 * too; the deadline turns a job that never ends into a failure that names it, not a hung test. It
 * is shorter than Vitest's 30 s test timeout, so that its message is the one a test fails with.
 */
export async function untilSettled<T extends { state: string }>(read: () => Promise<T>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await read();
    if (state.state !== 'running') return state;
    if (Date.now() > deadline) throw new Error(`${what} was still running after ${timeoutMs / 1000} s: ${JSON.stringify(state).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The same client answering only `{ status, body }`, for tests that compare whole answers with toEqual. */
export function statusAndBody(api: ReturnType<typeof adminApi>) {
  return async <T = any>(...args: Parameters<typeof api>): Promise<{ status: number; body: T }> => {
    const { status, body } = await api<T>(...args);
    return { status, body };
  };
}
