import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import { buildServer } from '../../../../src/engine/http/scim-server';
import { compileRouteSchemasNow, lazyValidatorCompilers } from '../../../../src/engine/http/lazy-validators';
import { openWorkbench } from '../../../../src/engine/workbench';
import { tempDir } from '../../../support/cli';

/**
 * Route schemas are compiled on a route's first request (lazy-validators.ts), so a schema ajv
 * cannot compile would only fail when that route is called: compiled here, all of them, at once.
 */
describe('route schemas compiled on first use', () => {
  const dir = tempDir();
  const workbench = openWorkbench({ dbPath: `${dir.path}/lazy.db` });
  const scim = buildServer({ workbench });
  const admin = buildAdminServer({ workbench, token: 'lazy-validators-token' });
  afterAll(async () => {
    await admin.close();
    await scim.close();
    workbench.close();
    dir.remove();
  });

  it('compiles every route schema of the SCIM and admin servers', async () => {
    await Promise.all([scim.ready(), admin.ready()]);
    // Both servers have dozens of routes with schemas; a handful would mean few of them were seen.
    expect(compileRouteSchemasNow()).toBeGreaterThan(40);
    expect(compileRouteSchemasNow()).toBe(0);
  });

  it('refuses a schema the JSON Schema meta-schema rejects when the schemas are compiled at once, as ajv does', async () => {
    const app = Fastify({ schemaController: { compilersFactory: lazyValidatorCompilers() } });
    app.get('/bad', { schema: { querystring: { type: 'object', properties: { n: { type: 'integer', minimum: 'one' } } } } }, async () => 'never');
    await app.ready();
    expect(() => compileRouteSchemasNow()).toThrow(/schema is invalid: data\/properties\/n\/minimum must be number/);
    await app.close();
  });

  it('validates on a route’s first request as fastify would: a bad admin body is refused naming the field', async () => {
    const fresh = buildAdminServer({ workbench, token: 'lazy-validators-token' });
    const answer = await fresh.inject({
      method: 'POST',
      url: '/api/workspaces',
      headers: { authorization: 'Bearer lazy-validators-token' },
      payload: { slug: { not: 'a string' } },
    });
    await fresh.close();
    expect(answer.statusCode).toBe(400);
    expect(answer.json<{ error: string }>().error).toMatch(/slug/);
  });

  it('serializes a response schema as fastify’s own serializer does', async () => {
    // No route of the workbench declares a response schema today; one that does must still be served as fastify would.
    const app = Fastify({ schemaController: { compilersFactory: lazyValidatorCompilers() } });
    app.get('/shaped', { schema: { response: { 200: { type: 'object', properties: { kept: { type: 'integer' } } } } } }, async () => ({
      kept: '7',
      dropped: true,
    }));
    const answer = await app.inject({ method: 'GET', url: '/shaped' });
    await app.close();
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toBe('{"kept":7}');
  });
});
