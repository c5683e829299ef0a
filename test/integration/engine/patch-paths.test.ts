import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type RequestHeaders, type ScimTestServer } from '../../support/scim-server';

/** Issue 18's PATCH path defects, over real HTTP on a real server and database. */
const ENTERPRISE = URN.enterpriseUser;
let server: ScimTestServer;
const workspaces: Record<string, { base: string; headers: RequestHeaders }> = {};

beforeAll(async () => {
  server = await startScimServer();
  workspaces.auto = { base: server.baseUrl, headers: {} };
  for (const mode of ['strict', 'entra'] as const) {
    const workspace = server.app.workbench.workspaces.create(`paths-${mode}`);
    server.app.workbench.workspaces.configure(`paths-${mode}`, { compatibility: mode });
    workspaces[mode] = { base: `${server.origin}/w/paths-${mode}/scim/v2`, headers: { authorization: `Bearer ${workspace.token}` } };
  }
});
afterAll(async () => {
  await server.close();
});

let counter = 0;
async function createUser(mode = 'auto', extra: Record<string, unknown> = {}) {
  const { base, headers } = workspaces[mode]!;
  const created = await server.request('POST', `${base}/Users`, { schemas: [URN.user], userName: `paths.${mode}.${++counter}@example.com`, ...extra }, headers);
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function patchUser(id: string, operations: unknown[], mode = 'auto') {
  const { base, headers } = workspaces[mode]!;
  return server.request('PATCH', `${base}/Users/${id}`, { schemas: [URN.patchOp], Operations: operations }, headers);
}

async function getUser(id: string, mode = 'auto') {
  const { base, headers } = workspaces[mode]!;
  const response = await server.request('GET', `${base}/Users/${id}`, undefined, headers);
  expect(response.status).toBe(200);
  return response.body;
}

describe('PATCH remove of the required userName', () => {
  it('answers 400 mutability and leaves the user as it was', async () => {
    const id = await createUser();
    const before = await getUser(id);
    const response = await patchUser(id, [{ op: 'remove', path: 'userName' }]);
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('mutability');
    expect(response.body.schemas).toEqual([URN.error]);
    expect((await getUser(id)).userName).toBe(before.userName);
  });
});

describe('PATCH with the whole enterprise extension as the path', () => {
  it('add, replace and remove the extension object, keeping schemas consistent', async () => {
    const id = await createUser();
    const added = await patchUser(id, [{ op: 'add', path: ENTERPRISE, value: { department: 'Sales', employeeNumber: '7' } }]);
    expect(added.status).toBe(200);
    expect(added.body[ENTERPRISE]).toEqual({ department: 'Sales', employeeNumber: '7' });
    expect(added.body.schemas).toContain(ENTERPRISE);

    const replaced = await patchUser(id, [{ op: 'replace', path: ENTERPRISE, value: { department: 'Support' } }]);
    expect(replaced.status).toBe(200);
    expect((await getUser(id))[ENTERPRISE]).toEqual({ department: 'Support', employeeNumber: '7' });

    const removed = await patchUser(id, [{ op: 'remove', path: ENTERPRISE }]);
    expect(removed.status).toBe(200);
    const after = await getUser(id);
    expect(after).not.toHaveProperty(ENTERPRISE);
    expect(after.schemas).toEqual([URN.user]);
  });
});

describe('unqualified extension attribute paths (unqualifiedExtensionPath)', () => {
  it("Entra's manager, department and employeeNumber adds land in the enterprise extension, noted", async () => {
    const managerId = await createUser('entra');
    const id = await createUser('entra');
    const response = await patchUser(
      id,
      [
        { op: 'Add', path: 'manager', value: [{ $ref: null, value: managerId }] },
        { op: 'Add', path: 'department', value: 'Sales' },
        { op: 'Add', path: 'employeeNumber', value: '1001' },
      ],
      'entra',
    );
    expect(response.status).toBe(204);
    expect(response.headers['x-workbench-notes']).toContain('normalised:unqualifiedExtensionPath');
    const stored = await getUser(id, 'entra');
    expect(stored[ENTERPRISE]).toMatchObject({ manager: { value: managerId }, department: 'Sales', employeeNumber: '1001' });
    expect(stored).not.toHaveProperty('manager');
    expect(stored).not.toHaveProperty('department');
    expect(stored.schemas).toContain(ENTERPRISE);
  });

  it('strict mode refuses it with invalidPath, changing nothing', async () => {
    const id = await createUser('strict');
    const response = await patchUser(id, [{ op: 'add', path: 'department', value: 'Sales' }], 'strict');
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidPath');
    expect(response.body.detail).toContain(`${ENTERPRISE}:department`);
    expect(await getUser(id, 'strict')).not.toHaveProperty(ENTERPRISE);
  });
});
