import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AppEffectResponse,
  AppUser,
  AppViewResponse,
  LifecyclePolicy,
  MappingPreviewResponse,
  MappingProblem,
  WorkspaceMappings,
} from '../../../../src/shared/mappings';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { adminApi, listenAdmin } from '../../../support/admin-api';

/**
 * The app side through the admin API of a real workbench: an Okta-shaped provisioning sequence
 * over HTTP (create, push a group, deactivate, reactivate, delete), the app view under each
 * lifecycle choice (recomputed when the rules change), group mapping with and without a rule,
 * the per-exchange app effect, the preview of a change and the unused-attribute warning.
 */
const ADMIN_TOKEN = 'mappings-admin-token';
const OKTA = { 'user-agent': 'Okta SCIM Client 1.0.0' };
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN });
  adminUrl = await listenAdmin(admin);
});
afterAll(async () => {
  await admin.close();
  await scim.close();
});

const api = adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN }));

const baseMappings = (lifecycle: Partial<LifecyclePolicy> = {}, extra: Partial<WorkspaceMappings> = {}): WorkspaceMappings => ({
  attributes: [
    { scimPath: 'userName', appField: 'login', required: true, transform: { case: 'lower' } },
    { scimPath: 'emails[type eq "work"].value', appField: 'email' },
    { scimPath: 'title', appField: 'title', required: true },
  ],
  groups: [{ idpGroup: 'SCIM Admins', matchBy: 'displayName', appRole: 'Local Admins' }],
  unmappedGroups: 'create',
  defaultRole: 'Member',
  lifecycle: { onDeactivate: 'suspend', onReactivate: 'restore', onDelete: 'remove-user', ...lifecycle },
  ...extra,
});

async function appUser(lifecycle: Partial<LifecyclePolicy>, userName: string): Promise<AppUser | undefined> {
  expect((await api('PUT', '/workspaces/default/mappings', baseMappings(lifecycle))).status).toBe(200);
  const view = (await api<AppViewResponse>('GET', '/workspaces/default/app-view')).body;
  return view.users.find((user) => user.userName === userName);
}

describe('an Okta provisioning sequence under each lifecycle choice', () => {
  let janeId: string;
  let deactivateExchange: number;
  beforeAll(async () => {
    const created = await scim.request(
      'POST',
      '/Users',
      {
        schemas: [URN.user, ENTERPRISE],
        userName: 'Jane.Doe@Example.com',
        name: { givenName: 'Jane', familyName: 'Doe' },
        emails: [{ value: 'jane@example.com', type: 'work', primary: true }],
        [ENTERPRISE]: { department: 'R&D' },
        active: true,
      },
      OKTA,
    );
    expect(created.status).toBe(201);
    janeId = created.body.id as string;
    const admins = await scim.request('POST', '/Groups', { schemas: [URN.group], displayName: 'SCIM Admins', members: [] }, OKTA);
    await scim.request(
      'PATCH',
      `/Groups/${admins.body.id}`,
      { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'members', value: [{ value: janeId }] }] },
      OKTA,
    );
    const sales = await scim.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Sales', members: [{ value: janeId }] }, OKTA);
    expect(sales.status).toBe(201);
  });

  it('maps fields, maps "SCIM Admins" to "Local Admins", creates a role for the unmapped group and warns of the empty required field', async () => {
    const jane = (await appUser({}, 'Jane.Doe@Example.com'))!;
    expect(jane).toMatchObject({ scimId: janeId, status: 'active', fields: { login: 'jane.doe@example.com', email: 'jane@example.com', title: null } });
    expect(jane.roles.sort()).toEqual(['Local Admins', 'Member', 'Sales']);
    expect(jane.warnings).toEqual([
      'Required field "title" is empty: the IdP sent nothing at title.',
      'IdP group "Sales" has no rule: the app created role "Sales" for it.',
    ]);
    const view = (await api<AppViewResponse>('GET', '/workspaces/default/app-view')).body;
    expect(view.roles).toEqual([
      { name: 'Local Admins', from: ['IdP group "SCIM Admins"'], unmapped: false },
      { name: 'Member', from: ['default role'], unmapped: false },
      { name: 'Sales', from: ['IdP group "Sales"'], unmapped: true },
    ]);
    // department arrives but no rule reads it: said, the usual "department doesn't arrive".
    expect(view.unusedAttributes).toEqual(['name.familyName', 'name.givenName', `${ENTERPRISE}:department`]);
  });

  it('ignores unmapped groups when told to', async () => {
    await api('PUT', '/workspaces/default/mappings', baseMappings({}, { unmappedGroups: 'ignore' }));
    const view = (await api<AppViewResponse>('GET', '/workspaces/default/app-view')).body;
    expect(view.users[0]!.roles.sort()).toEqual(['Local Admins', 'Member']);
    expect(view.roles.map((role) => role.name)).toEqual(['Local Admins', 'Member']);
  });

  it('deactivation: nothing, suspend, remove the user, remove the role', async () => {
    const deactivated = await scim.request(
      'PATCH',
      `/Users/${janeId}`,
      { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { active: false } }] },
      OKTA,
    );
    expect(deactivated.status).toBe(200);
    deactivateExchange = scim.app.workbench.recordings.listExchanges({ limit: 1 }).items[0]!.id;
    expect(await appUser({ onDeactivate: 'nothing' }, 'Jane.Doe@Example.com')).toMatchObject({
      status: 'active',
      roles: expect.arrayContaining(['Local Admins']),
    });
    expect(await appUser({ onDeactivate: 'suspend' }, 'Jane.Doe@Example.com')).toMatchObject({
      status: 'suspended',
      roles: expect.arrayContaining(['Local Admins']),
    });
    expect(await appUser({ onDeactivate: 'remove-user' }, 'Jane.Doe@Example.com')).toMatchObject({ status: 'removed', roles: [] });
    expect(await appUser({ onDeactivate: 'remove-role' }, 'Jane.Doe@Example.com')).toMatchObject({ status: 'active', roles: [] });
  });

  it('shows what the deactivation exchange did to the app record', async () => {
    await api('PUT', '/workspaces/default/mappings', baseMappings({ onDeactivate: 'suspend' }));
    const effect = (await api<AppEffectResponse>('GET', `/exchanges/${deactivateExchange}/app-effect`)).body;
    expect(effect.users).toHaveLength(1);
    expect(effect.users[0]!.before).toMatchObject({ status: 'active' });
    expect(effect.users[0]!.after).toMatchObject({ status: 'suspended' });
  });

  it('reactivation: restore, or leave the user as deactivation left it', async () => {
    await scim.request('PATCH', `/Users/${janeId}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { active: true } }] }, OKTA);
    expect(await appUser({ onDeactivate: 'suspend', onReactivate: 'restore' }, 'Jane.Doe@Example.com')).toMatchObject({ status: 'active' });
    expect(await appUser({ onDeactivate: 'suspend', onReactivate: 'leave' }, 'Jane.Doe@Example.com')).toMatchObject({ status: 'suspended' });
    expect(await appUser({ onDeactivate: 'remove-user', onReactivate: 'leave' }, 'Jane.Doe@Example.com')).toMatchObject({ status: 'removed' });
  });

  it('DELETE: the user leaves the app, or stays suspended', async () => {
    expect((await scim.request('DELETE', `/Users/${janeId}`, undefined, OKTA)).status).toBe(204);
    expect(await appUser({ onDelete: 'remove-user' }, 'Jane.Doe@Example.com')).toBeUndefined();
    const kept = await appUser({ onDelete: 'suspend' }, 'Jane.Doe@Example.com');
    expect(kept).toMatchObject({ scimId: janeId, status: 'suspended', fields: { login: 'jane.doe@example.com' } });
  });
});

describe('editing mappings', () => {
  it('refuses mappings with problems, saying where, and keeps the stored ones', async () => {
    const before = (await api<WorkspaceMappings>('GET', '/workspaces/default/mappings')).body;
    const bad = await api<{ error: string; problems: MappingProblem[] }>('PUT', '/workspaces/default/mappings', {
      ...before,
      attributes: [{ scimPath: 'emails[type eq "work"', appField: 'email' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([{ where: 'attributes[0].scimPath', message: expect.stringContaining('emails[type eq "work"') }]);
    expect((await api<WorkspaceMappings>('GET', '/workspaces/default/mappings')).body).toEqual(before);
    const check = await api<{ problems: MappingProblem[] }>('POST', '/workspaces/default/mappings/check', {
      attributes: [{ scimPath: 'name.nope', appField: 'x' }],
    });
    expect(check.body.problems[0]).toMatchObject({ where: 'attributes[0].scimPath', message: expect.stringContaining('Unknown attribute "name.nope"') });
    expect((await api('GET', '/workspaces/nope/mappings')).status).toBe(404);
  });

  it('previews which app records a change alters, before it is saved', async () => {
    await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'bob@example.com', title: 'Engineer' }, OKTA);
    await api('PUT', '/workspaces/default/mappings', baseMappings());
    const candidate = baseMappings(
      {},
      {
        attributes: [
          { scimPath: 'userName', appField: 'login', transform: { case: 'upper' } },
          { scimPath: 'title', appField: 'title' },
        ],
      },
    );
    const preview = (await api<MappingPreviewResponse>('POST', '/workspaces/default/mappings/preview', candidate)).body;
    expect(preview.problems).toEqual([]);
    expect(preview.changed).toEqual([
      {
        scimId: expect.any(String),
        userName: 'bob@example.com',
        // Only values that change: the dropped email rule left no value (empty before, absent after), so it is no change.
        changes: [{ what: 'login', before: 'bob@example.com', after: 'BOB@EXAMPLE.COM' }],
      },
    ]);
    // Nothing was stored by the preview.
    expect((await api<WorkspaceMappings>('GET', '/workspaces/default/mappings')).body.attributes).toHaveLength(3);
    const invalid = (await api<MappingPreviewResponse>('POST', '/workspaces/default/mappings/preview', { attributes: [{ appField: 'x' }] })).body;
    expect(invalid.problems).toHaveLength(1);
  });

  it("sets how a returning user is matched (the workspace's reprovision setting), refusing bad values", async () => {
    const set = await api<{ reprovision: string }>('PATCH', '/workspaces/default/settings', { reprovision: 'conflict' });
    expect(set).toMatchObject({ status: 200, body: { reprovision: 'conflict' } });
    expect((await api<{ reprovision: string }>('GET', '/workspaces/default/settings')).body.reprovision).toBe('conflict');
    const bad = await api<{ error: string }>('PATCH', '/workspaces/default/settings', { reprovision: 'sometimes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('reprovision');
    expect((await api('PATCH', '/workspaces/nope/settings', { reprovision: 'off' })).status).toBe(404);
    await api('PATCH', '/workspaces/default/settings', { reprovision: 'by-mode' });
  });

  it('previews a lifecycle change that adds or drops app users (matched by SCIM id, not position)', async () => {
    // Jane was deleted in the sequence above: kept suspended, she is an app user; removed, she is not.
    await api('PUT', '/workspaces/default/mappings', baseMappings({ onDelete: 'suspend' }));
    const dropping = await api<MappingPreviewResponse>('POST', '/workspaces/default/mappings/preview', baseMappings({ onDelete: 'remove-user' }));
    expect(dropping.status).toBe(200);
    expect(dropping.body.changed).toContainEqual({
      scimId: expect.any(String),
      userName: 'Jane.Doe@Example.com',
      changes: [{ what: 'status', before: 'suspended', after: '(not in the app)' }],
    });
    await api('PUT', '/workspaces/default/mappings', baseMappings({ onDelete: 'remove-user' }));
    const adding = await api<MappingPreviewResponse>('POST', '/workspaces/default/mappings/preview', baseMappings({ onDelete: 'suspend' }));
    expect(adding.body.changed).toContainEqual({
      scimId: expect.any(String),
      userName: 'Jane.Doe@Example.com',
      changes: [{ what: 'status', before: '(not in the app)', after: 'suspended' }],
    });
  });

  it('offers the Okta and Entra presets on top of the current groups and lifecycle', async () => {
    expect((await api<{ name: string }[]>('GET', '/mapping-presets')).body.map((preset) => preset.name)).toEqual(['okta', 'entra']);
    const entra = (await api<WorkspaceMappings>('GET', '/workspaces/default/mapping-presets/entra')).body;
    expect(entra.attributes.some((rule) => rule.scimPath === `${ENTERPRISE}:department`)).toBe(true);
    expect(entra.groups).toEqual(baseMappings().groups);
    expect((await api('GET', '/workspaces/default/mapping-presets/onelogin')).status).toBe(400);
  });
});

describe('a user deleted while deleted users stay suspended, who then comes back', () => {
  it('is one app user, the returning one, not the suspended record beside it', async () => {
    await api('PUT', '/workspaces/default/mappings', baseMappings({ onDelete: 'suspend' }));
    const bob = { schemas: [URN.user], userName: 'Bob.Back@Example.com', externalId: 'bob-1', active: true };
    const first = await scim.request('POST', '/Users', bob, OKTA);
    expect((await scim.request('DELETE', `/Users/${first.body.id as string}`, undefined, OKTA)).status).toBe(204);
    const gone = (await api<AppViewResponse>('GET', '/workspaces/default/app-view')).body;
    expect(gone.users.filter((user) => user.userName.toLowerCase() === 'bob.back@example.com')).toEqual([expect.objectContaining({ status: 'suspended' })]);
    const back = await scim.request('POST', '/Users', { ...bob, userName: 'bob.back@example.com' }, OKTA);
    expect(back.status).toBe(201);
    const view = (await api<AppViewResponse>('GET', '/workspaces/default/app-view')).body;
    expect(view.users.filter((user) => user.userName.toLowerCase() === 'bob.back@example.com')).toEqual([
      expect.objectContaining({ scimId: back.body.id, status: 'active' }),
    ]);
    expect(view.totalUsers).toBe(view.users.length);
  });
});
