import type { ScimDocument } from '../scim/normalize';
import type { ResourceTypeDefinition } from '../scim/schemas/types';
import type { GroupRefRow, MemberRow, ResourceRow } from '../store/resources';

/** `meta.version` as a weak ETag (RFC 7644 §3.14); also sent as the ETag header. */
export const etagOf = (version: number) => `W/"${version}"`;

export const locationOf = (baseUrl: string, resourceType: ResourceTypeDefinition, id: string) =>
  `${baseUrl}${resourceType.endpoint}/${id}`;

export interface Derived {
  members?: MemberRow[];
  groups?: GroupRefRow[];
}

/**
 * Builds the JSON a client sees from a stored row: `schemas`, `id`, `externalId` first
 * (the order people read them in), then the document, derived attributes and `meta`.
 */
export function toScimResource(
  row: ResourceRow,
  resourceType: ResourceTypeDefinition,
  baseUrl: string,
  derived: Derived,
): Record<string, unknown> {
  const document = JSON.parse(row.document) as ScimDocument;
  const resource: Record<string, unknown> = { schemas: document.schemas, id: row.id };
  if (document.externalId !== undefined) resource.externalId = document.externalId;
  // One copy of the rest (a rest object and then Object.assign made two): a page of 100 copies a lot.
  for (const key in document) if (key !== 'schemas' && key !== 'externalId') resource[key] = document[key];
  if (derived.members) {
    resource.members = derived.members.map((member) => ({
      value: member.member_id,
      $ref: `${baseUrl}/${member.member_type === 'User' ? 'Users' : 'Groups'}/${member.member_id}`,
      ...(member.display !== null && { display: member.display }),
      type: member.member_type,
      ...(member.extra !== null && (JSON.parse(member.extra) as Record<string, unknown>)),
    }));
  }
  if (derived.groups && derived.groups.length > 0) {
    resource.groups = derived.groups.map((group) => ({
      value: group.group_id,
      $ref: `${baseUrl}/Groups/${group.group_id}`,
      ...(group.display !== null && { display: group.display }),
      type: 'direct',
    }));
  }
  resource.meta = {
    resourceType: resourceType.id,
    created: row.created,
    lastModified: row.last_modified,
    location: locationOf(baseUrl, resourceType, row.id),
    version: etagOf(row.version),
  };
  return resource;
}
