import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer, type RequestHeaders } from '../../support/scim-server';

/**
 * A workspace declares its app's extension schema; the server then advertises it, validates
 * it, and filters, sorts and patches on it — in that workspace only.
 */
const HR = 'urn:acme:params:scim:schemas:extension:hr:2.0:User';

let server: ScimTestServer;
let base: string;
let headers: RequestHeaders;
beforeAll(async () => {
  server = await startScimServer();
  const workspace = server.app.workbench.workspaces.create('hr');
  server.app.workbench.workspaces.configure('hr', {
    extensions: [
      {
        id: HR,
        name: 'HrUser',
        resourceType: 'User',
        attributes: [
          { name: 'badgeNumber', type: 'integer' },
          { name: 'site', type: 'string' },
          { name: 'hireDate', type: 'dateTime' },
        ],
      },
    ],
  });
  base = `${server.origin}/w/hr/scim/v2`;
  headers = { authorization: `Bearer ${workspace.token}` };
});
afterAll(async () => {
  await server.close();
});

const hrUser = (userName: string, extension: Record<string, unknown>) => ({
  schemas: [URN.user, HR],
  userName,
  [HR]: extension,
});
const filterIds = async (filter: string, extra = '') => {
  const response = await server.request('GET', `${base}/Users?filter=${encodeURIComponent(filter)}${extra}`, undefined, headers);
  expect(response.status).toBe(200);
  return response.body.Resources.map((resource: { userName: string }) => resource.userName);
};

describe('a declared extension schema', () => {
  it('is advertised in /Schemas and on the User resource type of its workspace only', async () => {
    const schemas = await server.request('GET', `${base}/Schemas`, undefined, headers);
    expect(schemas.body.Resources.map((schema: { id: string }) => schema.id)).toContain(HR);
    const one = await server.request('GET', `${base}/Schemas/${HR}`, undefined, headers);
    expect(one.status).toBe(200);
    expect(one.body.attributes.map((attribute: { name: string }) => attribute.name)).toEqual(['badgeNumber', 'site', 'hireDate']);
    const userType = await server.request('GET', `${base}/ResourceTypes/User`, undefined, headers);
    expect(userType.body.schemaExtensions).toContainEqual({ schema: HR, required: false });

    const elsewhere = await server.request('GET', '/Schemas');
    expect(elsewhere.body.Resources.map((schema: { id: string }) => schema.id)).not.toContain(HR);
    expect((await server.request('GET', `/Schemas/${HR}`)).status).toBe(404);
  });

  it('is stored, served, filtered and sorted with its declared types', async () => {
    for (const [name, badge, site, hired] of [
      ['ext.ann', 7, 'Berlin', '2024-03-01T09:00:00Z'],
      ['ext.bob', 120, 'boston', '2021-06-15T09:00:00+02:00'],
      ['ext.cid', 45, 'Berlin', '2023-01-10T00:00:00Z'],
    ] as const) {
      const created = await server.request('POST', `${base}/Users`, hrUser(name, { badgeNumber: badge, site, hireDate: hired }), headers);
      expect(created.status).toBe(201);
      expect(created.body[HR]).toMatchObject({ badgeNumber: badge, site });
    }
    expect(await filterIds(`${HR}:badgeNumber gt 40`, `&sortBy=${encodeURIComponent(`${HR}:badgeNumber`)}`)).toEqual(['ext.cid', 'ext.bob']);
    expect(await filterIds(`${HR}:site eq "BERLIN"`, '&sortBy=userName&sortOrder=descending')).toEqual(['ext.cid', 'ext.ann']);
    expect(await filterIds(`${HR}:hireDate lt "2023-06-01T00:00:00Z"`, `&sortBy=${encodeURIComponent(`${HR}:hireDate`)}`)).toEqual(['ext.bob', 'ext.cid']);
  });

  it('refuses a value of the wrong type with invalidValue naming the attribute', async () => {
    const response = await server.request('POST', `${base}/Users`, hrUser('ext.bad', { badgeNumber: 'seven' }), headers);
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
    expect(response.body.detail).toContain('badgeNumber');
  });

  it('can be patched by URN path', async () => {
    const created = await server.request('POST', `${base}/Users`, hrUser('ext.pat', { site: 'Berlin' }), headers);
    const patched = await server.request(
      'PATCH',
      `${base}/Users/${created.body.id}`,
      { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: `${HR}:site`, value: 'Lisbon' }] },
      headers,
    );
    expect(patched.status).toBe(200);
    expect(patched.body[HR].site).toBe('Lisbon');
  });

  it('is not a known attribute in a workspace that does not declare it', async () => {
    const response = await server.request('GET', `/Users?filter=${encodeURIComponent(`${HR}:badgeNumber gt 1`)}`);
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidFilter');
  });
});

describe('an immutable extension attribute (RFC 7644 §3.5.1)', () => {
  const BADGE = 'urn:acme:params:scim:schemas:extension:badge:2.0:User';
  let badgeBase: string;
  let badgeHeaders: RequestHeaders;
  beforeAll(() => {
    const workspace = server.app.workbench.workspaces.create('badges');
    server.app.workbench.workspaces.configure('badges', {
      extensions: [
        {
          id: BADGE,
          name: 'Badge',
          resourceType: 'User',
          attributes: [
            { name: 'employeeKey', type: 'string', mutability: 'immutable' },
            { name: 'desk', type: 'string' },
          ],
        },
      ],
    });
    badgeBase = `${server.origin}/w/badges/scim/v2`;
    badgeHeaders = { authorization: `Bearer ${workspace.token}` };
  });
  const put = (id: string, extension: Record<string, unknown>) =>
    server.request(
      'PUT',
      `${badgeBase}/Users/${id}`,
      { schemas: [URN.user, BADGE], userName: `immutable.${id}@example.com`, [BADGE]: extension },
      badgeHeaders,
    );

  it('is set on create, kept by a PUT that repeats or omits it, and refused with mutability when a PUT changes it', async () => {
    const created = await server.request(
      'POST',
      `${badgeBase}/Users`,
      { schemas: [URN.user, BADGE], userName: 'immutable.new@example.com', [BADGE]: { employeeKey: 'K-1', desk: 'A' } },
      badgeHeaders,
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const same = await put(id, { employeeKey: 'K-1', desk: 'B' });
    expect(same.status).toBe(200);
    expect(same.body[BADGE]).toEqual({ employeeKey: 'K-1', desk: 'B' });

    const omitted = await put(id, { desk: 'C' });
    expect(omitted.status).toBe(200);
    expect(omitted.body[BADGE]).toEqual({ employeeKey: 'K-1', desk: 'C' });

    const changed = await put(id, { employeeKey: 'K-2', desk: 'D' });
    expect(changed.status).toBe(400);
    expect(changed.body).toMatchObject({ scimType: 'mutability', schemas: [URN.error] });
    expect(changed.body.detail).toContain('employeeKey');
    const stored = await server.request('GET', `${badgeBase}/Users/${id}`, undefined, badgeHeaders);
    expect(stored.body[BADGE]).toEqual({ employeeKey: 'K-1', desk: 'C' });

    const patched = await server.request(
      'PATCH',
      `${badgeBase}/Users/${id}`,
      { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: `${BADGE}:employeeKey`, value: 'K-3' }] },
      badgeHeaders,
    );
    expect(patched.status).toBe(400);
    expect(patched.body.scimType).toBe('mutability');
  });

  it('may be set by a PUT when it has no value yet', async () => {
    const created = await server.request('POST', `${badgeBase}/Users`, { schemas: [URN.user], userName: 'immutable.later@example.com' }, badgeHeaders);
    const set = await put(created.body.id, { employeeKey: 'K-9' });
    expect(set.status).toBe(200);
    expect(set.body[BADGE]).toEqual({ employeeKey: 'K-9' });
  });
});
