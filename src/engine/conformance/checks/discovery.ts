import { randomUUID } from 'node:crypto';
import type { ScimAnswer } from '../../client/scim-client';
import { URN } from '../../scim/urns';
import type { CheckContext, CheckDefinition } from '../check-context';
import { q } from './check-helpers';
import { declaredFeatures, idsIn, patchOf, userFixtures } from './protocol-helpers';

/** Attributes every resource has (RFC 7643 §3.1); /Schemas leaves them out of each schema. */
const COMMON = new Set(['schemas', 'id', 'externalId', 'meta']);

interface AttributeDefinition {
  name?: string;
  type?: string;
  subAttributes?: AttributeDefinition[];
}

const listOf = (answer: ScimAnswer): Record<string, unknown>[] =>
  Array.isArray(answer.body?.Resources) ? (answer.body.Resources as Record<string, unknown>[]) : [];
const attributesOf = (schema: Record<string, unknown>): AttributeDefinition[] =>
  Array.isArray(schema.attributes) ? (schema.attributes as AttributeDefinition[]) : [];

/** Notes an attribute (and, for complex values, each sub-attribute) that the definitions lack; names compare without case (RFC 7643 §2.1). */
function undefinedAttributes(c: CheckContext, definitions: AttributeDefinition[], name: string, value: unknown, where: string) {
  const definition = definitions.find((candidate) => candidate.name?.toLowerCase() === name.toLowerCase());
  if (!c.expect(definition !== undefined, `The user carries "${name}", which ${where} in /Schemas does not define.`)) return;
  if (definition!.type !== 'complex') return;
  for (const item of [value].flat()) {
    if (item === null || typeof item !== 'object') continue;
    for (const [sub, inner] of Object.entries(item as Record<string, unknown>))
      undefinedAttributes(c, definition!.subAttributes ?? [], sub, inner, `${where} ${definition!.name}`);
  }
}

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
      c.expect(
        Array.isArray(schemas) && schemas.includes('urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'),
        'schemas lacks the ServiceProviderConfig URN.',
      );
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
      for (const name of ['User', 'Group'])
        c.expect(
          list.some((type) => type.name === name),
          `No ${name} resource type.`,
        );
    },
  },
  {
    id: 'discovery.schemas',
    scope: 'common',
    name: 'GET /Schemas includes the User schema',
    source: 'RFC 7644 §4, RFC 7643 §7',
    consequence: "Schema discovery fails in Entra ID's attribute editor.",
    run: async (c) => {
      const answer = await c.send('common', 'GET', '/Schemas');
      if (!c.expectStatus(answer, 200)) return;
      const list = (answer.body?.Resources ?? []) as { id?: string }[];
      c.expect(
        list.some((schema) => schema.id === URN.user),
        `No schema ${URN.user}.`,
      );
    },
  },
  {
    id: 'discovery.resource-type-schemas',
    scope: 'common',
    name: 'Every schema and schema extension /ResourceTypes names is in /Schemas',
    source: 'RFC 7643 §6, §7; RFC 7644 §4',
    consequence: "Entra ID's attribute editor and Okta's schema import fail or miss the extension attributes (e.g. the enterprise manager).",
    run: async (c) => {
      const [types, schemas] = [await c.send('common', 'GET', '/ResourceTypes'), await c.send('common', 'GET', '/Schemas')];
      if (!c.expectStatus(types, 200, 'GET /ResourceTypes: the status') || !c.expectStatus(schemas, 200, 'GET /Schemas: the status')) return;
      // With no resource type listed there is nothing to match, and the check must not pass for it.
      if (!c.expect(listOf(types).length > 0, 'GET /ResourceTypes lists no resource type.')) return;
      const known = new Set(listOf(schemas).map((schema) => String(schema.id).toLowerCase()));
      for (const type of listOf(types)) {
        const named = [type.schema, ...((type.schemaExtensions as { schema?: unknown }[] | undefined) ?? []).map((extension) => extension.schema)];
        for (const urn of named)
          c.expect(
            typeof urn === 'string' && known.has(urn.toLowerCase()),
            `Resource type ${String(type.name)} names schema ${JSON.stringify(urn)}, which /Schemas does not have.`,
          );
      }
    },
  },
  {
    id: 'discovery.user-attributes-defined',
    scope: 'common',
    name: 'Every attribute a created user carries is defined in /Schemas for its schema',
    source: 'RFC 7643 §2, §3, §7; RFC 7644 §4',
    consequence: 'Attributes the server returns but does not describe cannot be mapped in Entra ID or Okta, and strict clients reject the answer.',
    run: async (c) => {
      const [types, schemasAnswer] = [await c.send('common', 'GET', '/ResourceTypes'), await c.send('common', 'GET', '/Schemas')];
      if (!c.expectStatus(types, 200, 'GET /ResourceTypes: the status') || !c.expectStatus(schemasAnswer, 200, 'GET /Schemas: the status')) return;
      const schemas = new Map(listOf(schemasAnswer).map((schema) => [String(schema.id).toLowerCase(), schema]));
      const userType = listOf(types).find((type) => type.name === 'User');
      const extensions = ((userType?.schemaExtensions as { schema?: string }[] | undefined) ?? []).map((extension) => extension.schema);
      const enterprise = extensions.includes(URN.enterpriseUser) && schemas.has(URN.enterpriseUser.toLowerCase());
      const created = await c.createFixture('common', 'Users', {
        schemas: [URN.user, ...(enterprise ? [URN.enterpriseUser] : [])],
        userName: `schema-consistency.${c.state.suffix}@example.com`,
        externalId: `schema-${c.state.suffix}`,
        name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
        displayName: 'Ada Lovelace',
        title: 'Engineer',
        active: true,
        emails: [{ type: 'work', value: `ada.${c.state.suffix}@example.org`, primary: true }],
        phoneNumbers: [{ type: 'work', value: '+1 555 0100' }],
        ...(enterprise && { [URN.enterpriseUser]: { employeeNumber: '1815', department: 'Analytics' } }),
      });
      if (!created) return;
      const read = await c.send('common', 'GET', `/Users/${created.id}`);
      if (!c.expectStatus(read, 200, 'reading the user back gave') || !read.body) return;
      const declared = Array.isArray(read.body.schemas) ? (read.body.schemas as unknown[]).map(String) : [];
      for (const urn of declared) c.expect(schemas.has(urn.toLowerCase()), `The user's schemas names ${urn}, which /Schemas does not have.`);
      const core = schemas.get(String(userType?.schema ?? URN.user).toLowerCase());
      if (!c.expect(core !== undefined, 'The User schema is not in /Schemas.')) return;
      for (const [key, value] of Object.entries(read.body)) {
        if (COMMON.has(key)) continue;
        const extension = schemas.get(key.toLowerCase());
        if (extension) {
          c.expect(
            declared.some((urn) => urn.toLowerCase() === key.toLowerCase()),
            `The user carries ${key} but does not name it in schemas.`,
          );
          for (const [name, inner] of Object.entries((value ?? {}) as Record<string, unknown>))
            undefinedAttributes(c, attributesOf(extension), name, inner, key);
        } else {
          undefinedAttributes(c, attributesOf(core!), key, value, String(core!.id));
        }
      }
    },
  },
  {
    id: 'discovery.feature-claims',
    scope: 'common',
    name: 'What ServiceProviderConfig declares (patch, filter, sort, etag, bulk) the server does',
    source: 'RFC 7643 §5; RFC 7644 §3.4.2, §3.5.2, §3.7, §3.14',
    consequence: 'IdPs and clients pick their requests from these claims: a false claim makes every such request fail.',
    run: async (c) => {
      const features = await declaredFeatures(c);
      if (!features) return;
      const made = await userFixtures(c, 'claims', { a: {}, b: {} });
      if (!made) return;
      const [a, b] = [made.users.a!, made.users.b!];
      const unclaimed = (['patch', 'filter', 'sort', 'etag', 'bulk'] as const).filter((feature) => !features[feature]);
      if (unclaimed.length > 0) c.notes.push(`Not declared, so not checked: ${unclaimed.join(', ')}.`);
      if (features.patch) {
        const patched = await c.send('common', 'PATCH', `/Users/${a.id}`, patchOf({ op: 'replace', path: 'title', value: 'Claimed' }));
        c.expect([200, 204].includes(patched.status), `patch.supported is true but a PATCH answered ${patched.status}.`);
      }
      if (features.filter) {
        const found = await c.send('common', 'GET', `/Users${q(`userName eq "${a.userName}"`)}`);
        c.expect(
          found.status === 200 && idsIn(found).length === 1 && idsIn(found)[0] === a.id,
          `filter.supported is true but userName eq answered ${found.status} with ${idsIn(found).length} resource(s).`,
        );
      }
      if (features.etag) {
        const read = await c.send('common', 'GET', `/Users/${a.id}`);
        c.expect(read.status === 200 && read.headers.get('etag') !== null, 'etag.supported is true but GET sends no ETag header.');
      }
      if (features.sort) {
        const sorted = await c.send('common', 'GET', `/Users${q(`displayName eq "${made.scope}"`, '&sortBy=userName&sortOrder=descending')}`);
        c.expect(
          sorted.status === 200 && idsIn(sorted).join() === [b.id, a.id].join(),
          `sort.supported is true but sortBy=userName&sortOrder=descending answered ${sorted.status} out of order.`,
        );
      }
      if (features.bulk) {
        const bulk = await c.send('common', 'POST', '/Bulk', {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
          Operations: [{ method: 'DELETE', path: `/Users/${randomUUID()}` }],
        });
        c.expect(
          bulk.status === 200 && Array.isArray(bulk.body?.Operations),
          `bulk.supported is true but POST /Bulk answered ${bulk.status} without a BulkResponse.`,
        );
      }
    },
  },
];
