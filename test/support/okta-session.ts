import { URN } from '../../src/engine/scim/urns';
import type { ScimTestServer } from './scim-server';

const OKTA = { 'user-agent': 'Okta SCIM Client 1.0.0' };
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * The traffic of an Okta provisioning session, sent to a workbench so that it is recorded:
 * the existence checks before each create, creates, a group push with members, a profile update,
 * a deactivation, a member removal, a group rename and a group delete — the forms Okta sends.
 */
export async function playOktaSession(server: Pick<ScimTestServer, 'request'>, users = 3): Promise<void> {
  const ids: string[] = [];
  await server.request('GET', '/Users?startIndex=1&count=2', undefined, OKTA);
  for (let n = 1; n <= users; n++) {
    const userName = `okta.user${n}@example.com`;
    await server.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`, undefined, OKTA);
    const created = await server.request(
      'POST',
      '/Users',
      {
        schemas: [URN.user, ENTERPRISE],
        userName,
        name: { givenName: `User${n}`, familyName: 'Okta' },
        emails: [{ primary: true, value: userName, type: 'work' }],
        displayName: `User${n} Okta`,
        active: true,
        [ENTERPRISE]: { department: 'QA' },
      },
      OKTA,
    );
    ids.push(created.body.id as string);
  }
  await server.request('GET', `/Groups?filter=${encodeURIComponent('displayName eq "SCIM Admins"')}&startIndex=1&count=100`, undefined, OKTA);
  const group = await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'SCIM Admins', members: [] }, OKTA);
  const groupId = group.body.id as string;
  await server.request(
    'PATCH',
    `/Groups/${groupId}`,
    { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'members', value: ids.map((id) => ({ value: id, display: id })) }] },
    OKTA,
  );
  await server.request('GET', `/Groups/${groupId}`, undefined, OKTA);
  await server.request(
    'PATCH',
    `/Users/${ids[0]}`,
    { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { name: { givenName: 'Renamed', familyName: 'Okta' } } }] },
    OKTA,
  );
  await server.request('PATCH', `/Users/${ids[1]}`, { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { active: false } }] }, OKTA);
  await server.request('PATCH', `/Groups/${groupId}`, { schemas: [URN.patchOp], Operations: [{ op: 'remove', path: `members[value eq "${ids[1]}"]` }] }, OKTA);
  await server.request(
    'PATCH',
    `/Groups/${groupId}`,
    { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { id: groupId, displayName: 'SCIM Admins (renamed)' } }] },
    OKTA,
  );
  await server.request('GET', `/Users/${ids[0]}`, undefined, OKTA);
  await server.request('GET', '/Users?startIndex=1&count=100', undefined, OKTA);
  await server.request('DELETE', `/Groups/${groupId}`, undefined, OKTA);
}
