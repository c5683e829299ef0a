import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeDiffResponse, ExchangeListResponse, ResourceVersionEntry } from '../../../../src/shared/admin-api';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { adminApi, listenAdmin } from '../../../support/admin-api';

/** The admin API names resources and members (userName, displayName) beside their ids, a deleted one by its last version, and sums up each version. */
const ADMIN_TOKEN = 'admin-token-for-names';
let scim: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;
const api = adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN }));

beforeAll(async () => {
  scim = await startScimServer();
  admin = buildAdminServer({ workbench: scim.app.workbench, token: ADMIN_TOKEN });
  adminUrl = await listenAdmin(admin);
});
afterAll(async () => {
  await admin.close();
  await scim.close();
});

describe('names instead of ids', () => {
  it('names the resources an exchange changed and their members, a deleted member by its last version', async () => {
    const jane = (await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'jane.names@example.com' })).body.id as string;
    const bob = (await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'bob.names@example.com' })).body.id as string;
    const group = (await scim.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Names', members: [{ value: jane }, { value: bob }] })).body
      .id as string;
    await scim.request('PATCH', `/Groups/${group}`, { schemas: [URN.patchOp], Operations: [{ op: 'remove', path: `members[value eq "${bob}"]` }] });
    await scim.request('DELETE', `/Users/${bob}`);

    const list = (await api<ExchangeListResponse>('GET', '/exchanges?limit=10')).body.items;
    const created = list.find((exchange) => exchange.method === 'POST' && exchange.url.endsWith('/Groups'))!;
    const diff = (await api<ExchangeDiffResponse>('GET', `/exchanges/${created.id}/diff`)).body.resources[0]!;
    expect(diff).toMatchObject({ resourceId: group, name: 'Names', memberNames: { [jane]: 'jane.names@example.com', [bob]: 'bob.names@example.com' } });
    const removed = list.find((exchange) => exchange.method === 'PATCH')!;
    expect((await api<ExchangeDiffResponse>('GET', `/exchanges/${removed.id}/diff`)).body.resources[0]).toMatchObject({
      membersRemoved: [bob],
      memberNames: { [bob]: 'bob.names@example.com' },
    });

    const versions = (await api<ResourceVersionEntry[]>('GET', `/workspaces/default/resources/${group}/versions`)).body;
    expect(versions.map((version) => version.summary)).toEqual([
      'created · members added: jane.names@example.com, bob.names@example.com',
      'members removed: bob.names@example.com',
    ]);
    expect(versions[1]!.memberNames).toEqual({ [bob]: 'bob.names@example.com' });
  });

  it('leaves out ids that name nothing', async () => {
    const versions = (await api<ResourceVersionEntry[]>('GET', '/workspaces/default/resources/no-such-id/versions')).body;
    expect(versions).toEqual([]);
  });
});
