import { isPlainObject } from '../../../shared/json-values';
import { URN } from '../../scim/urns';
import type { ExchangeFacts } from '../exchange-facts';
import { shown, type VerdictRule } from '../rule';

/** The one resource a successful create, read, PUT or PATCH (200) answered with, or undefined. */
export function resourceOf(facts: ExchangeFacts): Record<string, unknown> | undefined {
  const answersResource =
    (facts.kind === 'create' && facts.status >= 200 && facts.status < 300) ||
    ((facts.kind === 'read' || facts.kind === 'replace' || facts.kind === 'patch') && facts.status === 200);
  return answersResource && isPlainObject(facts.body) ? facts.body : undefined;
}

const TYPE_OF = { Users: 'User', Groups: 'Group' } as const;
const CORE_URN = { Users: URN.user, Groups: URN.group } as const;

/** A projection (`attributes=`) may leave out schemas and meta: those rules stand back then. */
const projected = (facts: ExchangeFacts) => facts.query.has('attributes') || facts.query.has('excludedAttributes');

export const resourceRules: VerdictRule[] = [
  {
    id: 'rfc.resource-id',
    severity: 'error',
    rule: 'A resource answered carries its id: the server-assigned one on a create, the one addressed otherwise.',
    source: 'RFC 7643 §3.1; RFC 7644 §3.3',
    fix: 'Return "id" (a string the server assigned, never changing) in every resource representation.',
    judge: (facts) => {
      const resource = resourceOf(facts);
      if (!resource)
        return facts.kind === 'create' && facts.status >= 200 && facts.status < 300 && facts.status !== 204 ? 'The create answered no resource.' : undefined;
      if (typeof resource.id !== 'string' || resource.id === '') return `id is ${shown(resource.id)}.`;
      if (facts.resourceId !== undefined && resource.id !== facts.resourceId) return `id is "${resource.id}" but the request addressed "${facts.resourceId}".`;
      return undefined;
    },
  },
  {
    id: 'rfc.resource-schemas',
    severity: 'error',
    rule: "A resource's schemas lists its core schema (User or Group).",
    source: 'RFC 7643 §3',
    fix: 'Send "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", …extensions] on every User (…:Group on Groups).',
    judge: (facts) => {
      const resource = resourceOf(facts);
      if (!resource || !facts.endpoint || projected(facts)) return undefined;
      const schemas = resource.schemas;
      return Array.isArray(schemas) && schemas.includes(CORE_URN[facts.endpoint]) ? undefined : `schemas is ${shown(schemas)}.`;
    },
  },
  {
    id: 'rfc.resource-meta',
    severity: 'warning',
    rule: 'A resource carries meta with its resourceType (User or Group).',
    source: 'RFC 7643 §3.1',
    fix: 'Return "meta": {"resourceType": "User", "created", "lastModified", "location"} on every resource.',
    judge: (facts) => {
      const resource = resourceOf(facts);
      if (!resource || !facts.endpoint || projected(facts)) return undefined;
      if (!isPlainObject(resource.meta)) return 'The resource has no meta.';
      const type = resource.meta.resourceType;
      return type === TYPE_OF[facts.endpoint] ? undefined : `meta.resourceType is ${shown(type)} on /${facts.endpoint}.`;
    },
  },
  {
    id: 'rfc.meta-location',
    severity: 'warning',
    rule: "meta.location is the resource's own URL (…/Users/{id}); a create's Location header is the same URL.",
    source: 'RFC 7643 §3.1; RFC 7644 §3.3',
    fix: 'Build meta.location from the base URL, the endpoint and the id, and send the same value as Location on a 201.',
    judge: (facts) => {
      const resource = resourceOf(facts);
      if (!resource || !facts.endpoint || !isPlainObject(resource.meta) || typeof resource.id !== 'string') return undefined;
      const location = resource.meta.location;
      if (location === undefined) return undefined;
      if (typeof location !== 'string') return `meta.location is ${shown(location)}.`;
      const path = pathOf(location);
      // The tail only: behind a proxy or a tunnel the origin and base path differ from the request's.
      const expectedTail = `/${facts.endpoint}/${resource.id}`;
      if (!decodeSafe(path).endsWith(expectedTail)) return `meta.location is "${location}", not a URL ending in ${expectedTail}.`;
      const header = facts.kind === 'create' ? facts.header('location') : undefined;
      if (header !== undefined && header !== location) return `The Location header "${header}" differs from meta.location "${location}".`;
      return undefined;
    },
  },
  {
    id: 'rfc.etag-version',
    severity: 'warning',
    rule: 'meta.version and the ETag header carry the same entity tag.',
    source: 'RFC 7643 §3.1 (version); RFC 7644 §3.14',
    fix: 'Send ETag with exactly the value of meta.version (e.g. W/"3"), or neither.',
    judge: (facts) => {
      const resource = resourceOf(facts);
      const etag = facts.header('etag');
      if (!resource || !isPlainObject(resource.meta) || etag === undefined) return undefined;
      const version = resource.meta.version;
      if (version === undefined) return undefined;
      return version === etag ? undefined : `ETag is ${etag} but meta.version is ${shown(version)}.`;
    },
  },
];

function pathOf(location: string): string {
  try {
    return new URL(location, 'http://relative.invalid').pathname;
  } catch {
    return location;
  }
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
