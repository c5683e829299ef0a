import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES_HEADER } from '../../../src/engine/http/scim-api';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * Okta does not retry a group push answered with 400, so outside strict mode a group naming
 * unknown member ids is stored with the members that exist and the rest are noted.
 */

let server: ScimTestServer;
let strictUrl: string;
let strictAuth: Record<string, string>;
let userA: string;
let userB: string;
beforeAll(async () => {
  server = await startScimServer();
  const ws = server.app.workbench.workspaces.create('strict');
  server.app.workbench.workspaces.configure('strict', { compatibility: 'strict' });
  strictUrl = `${server.origin}/w/strict/scim/v2`;
  strictAuth = { authorization: `Bearer ${ws.token}` };
  userA = (await server.request('POST', '/Users', { schemas: [URN.user], userName: 'a@example.com' })).body.id;
  userB = (await server.request('POST', '/Users', { schemas: [URN.user], userName: 'b@example.com' })).body.id;
});
afterAll(async () => {
  await server.close();
});

const memberIds = (body: { members?: { value: string }[] }) => (body.members ?? []).map((member) => member.value);

describe('unknown member ids, non-strict workspace', () => {
  it('POST stores the known members and notes the unknown ids', async () => {
    const response = await server.request('POST', '/Groups', {
      schemas: [URN.group],
      displayName: 'Pushed',
      members: [{ value: userA }, { value: 'ghost-1' }, { value: 'ghost-2' }],
    });
    expect(response.status).toBe(201);
    expect(memberIds(response.body)).toEqual([userA]);
    expect(response.headers[NOTES_HEADER]).toContain('violation:unknownMember');
    const stored = await server.request('GET', `/Groups/${response.body.id}`);
    expect(memberIds(stored.body)).toEqual([userA]);
  });

  it('POST with only unknown members stores an empty group', async () => {
    const response = await server.request('POST', '/Groups', {
      schemas: [URN.group],
      displayName: 'Only ghosts',
      members: [{ value: 'ghost-3' }],
    });
    expect(response.status).toBe(201);
    expect(memberIds(response.body)).toEqual([]);
    expect(response.headers[NOTES_HEADER]).toContain('violation:unknownMember');
  });

  it('PUT replaces members with the known ones', async () => {
    const group = (await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Put me', members: [{ value: userA }] })).body;
    const response = await server.request('PUT', `/Groups/${group.id}`, {
      schemas: [URN.group],
      displayName: 'Put me',
      members: [{ value: userB }, { value: 'ghost-4' }],
    });
    expect(response.status).toBe(200);
    expect(memberIds(response.body)).toEqual([userB]);
    expect(response.headers[NOTES_HEADER]).toContain('violation:unknownMember');
  });

  it('PATCH add keeps existing members, adds the known ones and notes the rest', async () => {
    const group = (await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Patch me', members: [{ value: userA }] })).body;
    const response = await server.request('PATCH', `/Groups/${group.id}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'add', path: 'members', value: [{ value: userB }, { value: 'ghost-5' }] }],
    });
    expect(response.status).toBe(204);
    expect(memberIds((await server.request('GET', `/Groups/${group.id}`)).body).sort()).toEqual([userA, userB].sort());
    expect(response.headers[NOTES_HEADER]).toContain('violation:unknownMember');
  });

  it('does not note anything when every member exists', async () => {
    const response = await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Clean', members: [{ value: userA }] });
    expect(response.status).toBe(201);
    expect(response.headers[NOTES_HEADER] ?? '').not.toContain('unknownMember');
  });

  it('still refuses a group as a member of itself', async () => {
    const group = (await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Selfish' })).body;
    const response = await server.request('PATCH', `/Groups/${group.id}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'add', path: 'members', value: [{ value: group.id }] }],
    });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
  });
});

describe('unknown member ids, strict workspace', () => {
  it('POST answers 400 invalidValue and stores nothing', async () => {
    const member = (await server.request('POST', `${strictUrl}/Users`, { schemas: [URN.user], userName: 's@example.com' }, strictAuth)).body.id;
    const response = await server.request(
      'POST',
      `${strictUrl}/Groups`,
      { schemas: [URN.group], displayName: 'Strict', members: [{ value: member }, { value: 'ghost-6' }] },
      strictAuth,
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ schemas: [URN.error], scimType: 'invalidValue' });
    expect(response.body.detail).toContain('ghost-6');
    const groups = await server.request('GET', `${strictUrl}/Groups`, undefined, strictAuth);
    expect(groups.body.totalResults).toBe(0);
  });

  it('PATCH add answers 400 and keeps the members the group had', async () => {
    const member = (await server.request('POST', `${strictUrl}/Users`, { schemas: [URN.user], userName: 't@example.com' }, strictAuth)).body.id;
    const group = (await server.request('POST', `${strictUrl}/Groups`, { schemas: [URN.group], displayName: 'Kept', members: [{ value: member }] }, strictAuth))
      .body;
    const response = await server.request(
      'PATCH',
      `${strictUrl}/Groups/${group.id}`,
      { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'members', value: [{ value: 'ghost-7' }] }] },
      strictAuth,
    );
    expect(response.status).toBe(400);
    const stored = await server.request('GET', `${strictUrl}/Groups/${group.id}`, undefined, strictAuth);
    expect(memberIds(stored.body)).toEqual([member]);
    expect(stored.body.meta.version).toBe(group.meta.version);
  });
});
