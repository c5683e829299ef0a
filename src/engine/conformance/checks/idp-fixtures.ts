import { URN } from '../../scim/urns';
import type { CheckContext } from '../check-context';
import type { CheckScope } from '../../../shared/conformance';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A user of one check's own, created as that IdP creates users (Entra ID: externalId, work address, enterprise extension). */
export async function idpUser(c: CheckContext, scope: CheckScope, tag: string) {
  const userName = `${scope}-${tag}.${c.state.suffix}@example.com`;
  const body: Record<string, unknown> = {
    schemas: scope === 'entra' ? [URN.user, ENTERPRISE] : [URN.user],
    userName,
    name: { givenName: 'Check', familyName: tag },
    displayName: `Check ${tag}`,
    emails: [{ primary: true, type: 'work', value: userName }],
    active: true,
    ...(scope === 'entra' && {
      externalId: `${tag}-${c.state.suffix}`,
      addresses: [{ type: 'work', locality: 'Lisbon', primary: true }],
      [ENTERPRISE]: { department: 'Engineering', employeeNumber: '1000' },
    }),
  };
  return c.createFixture(scope, 'Users', body);
}

/** Reads a resource back after a change, or notes why it could not. */
export async function readBack(c: CheckContext, scope: CheckScope, type: 'Users' | 'Groups', id: string): Promise<Record<string, unknown> | undefined> {
  const read = await c.send(scope, 'GET', `/${type}/${id}`);
  return c.expectStatus(read, 200, 'reading it back gave') ? read.body : undefined;
}

export const patch = (...operations: Record<string, unknown>[]) => ({ schemas: [URN.patchOp], Operations: operations });

/** The value of a multi-valued attribute's entry of a type (`emails` of type work). */
export const ofType = (body: Record<string, unknown> | undefined, attribute: string, type: string): Record<string, unknown> | undefined =>
  Array.isArray(body?.[attribute]) ? (body[attribute] as Record<string, unknown>[]).find((entry) => entry.type === type) : undefined;

export const memberIdsOf = (body: Record<string, unknown> | undefined): string[] =>
  Array.isArray(body?.members) ? (body.members as { value?: unknown }[]).flatMap((member) => (typeof member.value === 'string' ? [member.value] : [])) : [];
