import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Where the built inspector (electron-vite's renderer output) is: `out/renderer` beside the
 * engine's bundle in the desktop app, or in the checkout when the engine runs from src/ (tsx).
 */
export function findInspectorDir(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [resolve(here, '../renderer'), resolve(here, '../../../out/renderer'), resolve(here, '../../out/renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * The inspector's static files on the admin listener, so the same UI runs in a plain browser.
 * A handful of built files does not justify @fastify/static; paths are resolved inside `dir` only.
 * The files hold no secrets (the token arrives in the URL fragment), so they need no token.
 */
export const inspectorFiles: FastifyPluginAsync<{ dir: string | undefined }> = async (app, { dir }) => {
  const send = (path: string) => ({ type: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream', body: readFileSync(path) });

  app.get('/', async (_request, reply) => {
    if (!dir) {
      return reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><title>SCIM Workbench</title><p>The inspector is not built. Run <code>npm run build</code>, then reload; the admin API is at <code>/api</code>.</p>',
        );
    }
    const file = send(join(dir, 'index.html'));
    return reply.type(file.type).header('cache-control', 'no-store').send(file.body);
  });

  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const base = dir && resolve(dir, 'assets');
    const path = base && resolve(base, request.params['*']);
    if (!base || !path || !path.startsWith(base + sep) || !existsSync(path) || !statSync(path).isFile()) {
      return reply.code(404).type('text/plain').send('Not found');
    }
    const file = send(path);
    return reply.type(file.type).header('cache-control', 'public, max-age=31536000, immutable').send(file.body);
  });
};
