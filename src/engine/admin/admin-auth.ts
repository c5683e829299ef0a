import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken, tokensMatch } from '../http/plugins/bearer-auth';
import { AdminError } from './admin-error';

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

/** The admin API answers only whoever holds its token: `Authorization: Bearer <token>`, or `?token=` for the live feed (EventSource sends no headers). */
export function requireAdminToken(app: FastifyInstance, token: string): void {
  app.addHook('onRequest', async (request) => {
    const presented = bearerToken(request.headers.authorization) ?? queryToken(request);
    if (presented === undefined || !tokensMatch(presented, token)) {
      throw new AdminError(401, 'The admin API needs its token: Authorization: Bearer <admin token>.');
    }
  });
}

function queryToken(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const isLoopback = (address: string | undefined) =>
  address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  return name === '127.0.0.1' || name === 'localhost' || name === '::1';
}
