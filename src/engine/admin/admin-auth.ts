import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken, tokensMatch } from '../http/plugins/bearer-auth';
import { AdminError } from './admin-error';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route may be authorised by `?token=`: only the live feed, which the inspector opens as an
     * EventSource — and an EventSource cannot send headers. Everywhere else a token in the URL would
     * end up in histories, logs and Referer headers for nothing.
     */
    queryToken?: boolean;
  }
}

/**
 * The admin listener answers only this machine: the socket must come from loopback (it listens on
 * 127.0.0.1; this guards a misconfiguration) and the Host header must name loopback, so a web page
 * cannot reach it by DNS rebinding.
 */
export function requireLoopback(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!isLoopback(request.socket.remoteAddress)) throw new AdminError(403, 'The admin API answers only this machine.');
    if (!isLoopbackHost(request.headers.host)) throw new AdminError(403, 'The admin API answers only requests addressed to 127.0.0.1 or localhost.');
  });
}

/** The admin API answers only whoever holds its token: `Authorization: Bearer <token>`, or `?token=` on a route marked `queryToken` (the live feed). */
export function requireAdminToken(app: FastifyInstance, token: string): void {
  app.addHook('onRequest', async (request) => {
    const fromQuery = queryToken(request);
    const presented = bearerToken(request.headers.authorization) ?? (request.routeOptions.config.queryToken ? fromQuery : undefined);
    if (presented !== undefined && tokensMatch(presented, token)) return;
    if (fromQuery !== undefined && !request.routeOptions.config.queryToken) {
      throw new AdminError(401, 'The admin API takes its token in the header Authorization: Bearer <admin token>; only the live feed accepts ?token=.');
    }
    throw new AdminError(401, 'The admin API needs its token: Authorization: Bearer <admin token>.');
  });
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A state-changing request must come from the inspector this listener serves (or from a program,
 * which sends no Origin): a web page elsewhere that got hold of the token still cannot make the
 * browser write for it. Browsers say where a request comes from in `Origin` and `Sec-Fetch-Site`;
 * both must agree it is this origin. `windowOrigins` names the desktop window's own origin, which
 * is not this listener's (it loads the inspector from a file:// page).
 */
export function refuseCrossOriginWrites(app: FastifyInstance, windowOrigins: readonly string[] = []): void {
  app.addHook('onRequest', async (request) => {
    if (!WRITE_METHODS.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin !== undefined && windowOrigins.includes(origin)) return;
    const site = request.headers['sec-fetch-site'];
    if (origin !== undefined && !ownOrigins(request).includes(origin.toLowerCase())) {
      throw new AdminError(403, `The admin API refuses a ${request.method} from another origin (${origin}): only the inspector it serves may change anything.`);
    }
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new AdminError(
        403,
        `The admin API refuses a ${request.method} sent from another site (Sec-Fetch-Site: ${site}): only the inspector it serves may change anything.`,
      );
    }
  });
}

/** This listener's origin under each loopback name a page may have used to open it. */
function ownOrigins(request: FastifyRequest): string[] {
  const port = request.socket.localPort;
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

function queryToken(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const isLoopback = (address: string | undefined) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? '')
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return name === '127.0.0.1' || name === 'localhost' || name === '::1';
}
