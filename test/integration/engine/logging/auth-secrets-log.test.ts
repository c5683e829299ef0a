import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';

/**
 * The engine's log holds none of an OAuth workspace's secrets, even where a request with them fails
 * with a 500 (logged with its stack): the client secret (form and Basic), the issued access token.
 */
const SECRET = 'oauth-client-secret-never-logged-0123456789';
const dir = tempDir();
let engine: RunningEngine;
beforeAll(async () => {
  engine = await startEngine({ dbPath: join(dir.path, 'workbench.db'), port: 0, token: SECRET });
  engine.workbench.workspaces.configure('default', { auth: { mode: 'oauth', clientId: 'logged-client' } });
});
afterAll(async () => {
  await engine.close();
  dir.remove();
});

it('keeps client secrets and access tokens out of the log', async () => {
  const token = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${engine.scimBaseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  const issued = (await (await token(`grant_type=client_credentials&client_id=logged-client&client_secret=${SECRET}`)).json()) as { access_token: string };
  await token('grant_type=client_credentials', { authorization: `Basic ${Buffer.from(`logged-client:${SECRET}-wrong`).toString('base64')}` });
  await token(`grant_type=password&client_secret=${SECRET}`);
  const bearer = { authorization: `Bearer ${issued.access_token}`, 'content-type': 'application/scim+json' };
  // A 500 with the access token: a stored row the service cannot read.
  const created = await fetch(`${engine.scimBaseUrl}/Users`, {
    method: 'POST',
    headers: bearer,
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'logged@example.com' }),
  });
  const { id } = (await created.json()) as { id: string };
  engine.workbench.db.prepare("UPDATE resources SET document = 'null' WHERE id = ?").run(id);
  expect((await fetch(`${engine.scimBaseUrl}/Users/${id}`, { headers: bearer })).status).toBe(500);
  const logFile = engine.logFile!;
  await expect.poll(() => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('failed')).toBe(true);
  const log = readFileSync(logFile, 'utf8');
  expect(log).not.toContain(SECRET);
  expect(log).not.toContain(issued.access_token);
});
