import { URN } from '../../scim/urns';
import type { CheckDefinition } from '../check-context';

/** Discovery: what an IdP reads before it sends anything (RFC 7644 §4). */
export const discoveryChecks: CheckDefinition[] = [
  {
    id: 'discovery.service-provider-config',
    scope: 'common',
    name: 'GET /ServiceProviderConfig describes the server',
    source: 'RFC 7644 §4, RFC 7643 §5',
    consequence: 'IdPs read PATCH, filter and bulk support from it; Entra ID and OneLogin treat a missing one as a broken endpoint.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/ServiceProviderConfig');
      if (!c.expectStatus(answer, 200)) return;
      c.expectScimJson(answer);
      const schemas = answer.body?.schemas;
      c.expect(Array.isArray(schemas) && schemas.includes('urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'), 'schemas lacks the ServiceProviderConfig URN.');
      c.expect((answer.body?.patch as { supported?: unknown })?.supported === true, 'patch.supported is not true: Okta and Entra ID send PATCH.');
      c.expect((answer.body?.filter as { supported?: unknown })?.supported === true, 'filter.supported is not true: every IdP looks users up with a filter.');
    },
  },
  {
    id: 'discovery.resource-types',
    scope: 'common',
    name: 'GET /ResourceTypes lists User and Group',
    source: 'RFC 7644 §4',
    consequence: 'Entra ID reads the schemas of the resource types to offer attribute mappings.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/ResourceTypes');
      if (!c.expectStatus(answer, 200)) return;
      c.expectScimJson(answer);
      const list = (answer.body?.Resources ?? []) as { name?: string }[];
      for (const name of ['User', 'Group']) c.expect(list.some((type) => type.name === name), `No ${name} resource type.`);
    },
  },
  {
    id: 'discovery.schemas',
    scope: 'common',
    name: 'GET /Schemas includes the User schema',
    source: 'RFC 7644 §4, RFC 7643 §7',
    consequence: 'Schema discovery fails in Entra ID\'s attribute editor.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/Schemas');
      if (!c.expectStatus(answer, 200)) return;
      const list = (answer.body?.Resources ?? []) as { id?: string }[];
      c.expect(list.some((schema) => schema.id === URN.user), `No schema ${URN.user}.`);
    },
  },
];
