import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type RequestHeaders, type ScimTestServer } from '../../support/scim-server';

/** Entra's capitalised PATCH ops and string booleans: normalised and noted where the workspace's mode accepts them, refused in strict mode. */
let server: ScimTestServer;
const workspaces: Record<string, { base: string; headers: RequestHeaders }> = {};

beforeAll(async () => {
  server = await startScimServer();
  workspaces.auto = { base: server.baseUrl, headers: {} };
  for (const mode of ['strict', 'entra', 'okta'] as const) {
    const workspace = server.app.workbench.workspaces.create(`mode-${mode}`);
    server.app.workbench.workspaces.configure(`mode-${mode}`, { compatibility: mode });
    workspaces[mode] = { base: `${server.origin}/w/mode-${mode}/scim/v2`, headers: { authorization: `Bearer ${workspace.token}` } };
  }
});
afterAll(async () => {
  await server.close();
});

async function patchDisplayName(mode: string, op: string) {
  const { base, headers } = workspaces[mode]!;
  const created = await server.request(
    'POST',
    `${base}/Users`,
    { schemas: [URN.user], userName: `${mode}.${op === op.toLowerCase() ? 'lower' : 'capitalised'}@example.com`, displayName: 'Before' },
    headers,
  );
  expect(created.status).toBe(201);
  const patched = await server.request(
    'PATCH',
    `${base}/Users/${created.body.id}`,
    { schemas: [URN.patchOp], Operations: [{ op, path: 'displayName', value: 'After' }] },
    headers,
  );
  const stored = await server.request('GET', `${base}/Users/${created.body.id}`, undefined, headers);
  return { patched, displayName: stored.body.displayName };
}

describe('capitalised PATCH ops ("Replace")', () => {
  it.each(['auto', 'entra'])('are applied and noted in mode %s', async (mode) => {
    const { patched, displayName } = await patchDisplayName(mode, 'Replace');
    // Entra modes answer a PATCH with 204, as Microsoft's reference server does (resources/patch-response.ts).
    expect(patched.status).toBe(mode === 'entra' ? 204 : 200);
    expect(patched.headers['x-workbench-notes']).toContain('normalised:capitalisedOp');
    expect(displayName).toBe('After');
  });

  it.each(['strict', 'okta'])('are refused with invalidSyntax in mode %s, changing nothing', async (mode) => {
    const { patched, displayName } = await patchDisplayName(mode, 'Replace');
    expect(patched.status).toBe(400);
    expect(patched.body.scimType).toBe('invalidSyntax');
    expect(patched.body.detail).toContain('"replace"');
    expect(displayName).toBe('Before');
  });

  it('lower-case ops pass strict mode without a note', async () => {
    const { patched } = await patchDisplayName('strict', 'replace');
    expect(patched.status).toBe(200);
    expect(patched.headers['x-workbench-notes']).toBeUndefined();
  });
});

describe('booleans sent as strings ("False")', () => {
  async function deactivate(mode: string, index: number) {
    const { base, headers } = workspaces[mode]!;
    const created = await server.request('POST', `${base}/Users`, { schemas: [URN.user], userName: `bool${index}.${mode}@example.com`, active: true }, headers);
    expect(created.status).toBe(201);
    const patched = await server.request(
      'PATCH',
      `${base}/Users/${created.body.id}`,
      { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'active', value: 'False' }] },
      headers,
    );
    const stored = await server.request('GET', `${base}/Users/${created.body.id}`, undefined, headers);
    return { patched, active: stored.body.active };
  }

  it.each(['auto', 'entra'])('deactivate the user and are noted in mode %s', async (mode) => {
    const { patched, active } = await deactivate(mode, 1);
    expect(patched.status).toBe(mode === 'entra' ? 204 : 200);
    expect(patched.headers['x-workbench-notes']).toContain('normalised:stringBoolean');
    expect(active).toBe(false);
  });

  it.each(['strict', 'okta'])('are refused with invalidValue in mode %s, leaving the user active', async (mode) => {
    const { patched, active } = await deactivate(mode, 2);
    expect(patched.status).toBe(400);
    expect(patched.body.scimType).toBe('invalidValue');
    expect(patched.body.detail).toContain('active');
    expect(active).toBe(true);
  });

  it('in a POST body are refused in strict mode and nothing is created', async () => {
    const { base, headers } = workspaces.strict!;
    const body = { schemas: [URN.user], userName: 'bool.post@example.com', active: 'True' };
    const response = await server.request('POST', `${base}/Users`, body, headers);
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
    const found = await server.request('GET', `${base}/Users?filter=${encodeURIComponent('userName eq "bool.post@example.com"')}`, undefined, headers);
    expect(found.body.totalResults).toBe(0);
  });
});
