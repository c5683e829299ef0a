import type { ScimDocument } from '../scim/normalize';
import type { ResourceTypeDefinition } from '../scim/schemas/types';
import type { GroupRefRow, MemberRow, ResourceRow } from '../store/resources';
import { documentMembers, type DocumentMember } from './document-members';

/** `meta.version` as a weak ETag (RFC 7644 §3.14); also sent as the ETag header. */
export const etagOf = (version: number) => `W/"${version}"`;

export const locationOf = (baseUrl: string, resourceType: ResourceTypeDefinition, id: string) => `${baseUrl}${resourceType.endpoint}/${id}`;

export interface Derived {
  members?: MemberRow[];
  groups?: GroupRefRow[];
}

/**
 * Builds the JSON a client sees from a stored row: `schemas`, `id`, `externalId` first
 * (the order people read them in), then the document, derived attributes and `meta`.
 */
export function toScimResource(row: ResourceRow, resourceType: ResourceTypeDefinition, baseUrl: string, derived: Derived): Record<string, unknown> {
  const document = JSON.parse(row.document) as ScimDocument;
  const resource: Record<string, unknown> = { schemas: document.schemas, id: row.id };
  if (document.externalId !== undefined) resource.externalId = document.externalId;
  // One copy of the rest (a rest object and then Object.assign made two): a page of 100 copies a lot.
  for (const key in document) if (key !== 'schemas' && key !== 'externalId') resource[key] = document[key];
  if (derived.members) resource.members = servedMembers(derived.members, baseUrl);
  if (derived.groups && derived.groups.length > 0) resource.groups = servedGroups(derived.groups, baseUrl);
  resource.meta = metaOf(row, resourceType, baseUrl);
  return resource;
}

/**
 * JSON.stringify(toScimResource(...)), byte for byte, without parsing the stored document: its
 * members' text is copied in toScimResource's order (a list page of 100 parsed and serialised them
 * all again, for the same text). Undefined when the text holds what toScimResource would reorder or
 * replace, and the caller serialises toScimResource's answer: a key that is an array index (an
 * object lists those first), one the resource derives or sets (id, meta, members, groups), `__proto__`
 * (assigning it sets the prototype), a key twice, or text documentMembers does not read.
 */
export function toScimResourceJson(row: ResourceRow, resourceType: ResourceTypeDefinition, baseUrl: string, derived: Derived): string | undefined {
  const members = documentMembers(row.document);
  if (!members) return undefined;
  const text = row.document;
  let schemas = '';
  let externalId = '';
  let rest = '';
  const seen = members.length > FEW_MEMBERS ? new Set<string>() : undefined;
  for (let index = 0; index < members.length; index++) {
    const { key, start, end } = members[index]!;
    if (REPLACED_KEYS.has(key) || ARRAY_INDEX.test(key)) return undefined;
    if (seen ? seen.size === seen.add(key).size : isRepeated(members, index)) return undefined;
    const member = text.slice(start, end);
    if (key === 'schemas') schemas = `${member},`;
    else if (key === 'externalId') externalId = `,${member}`;
    else rest += `,${member}`;
  }
  if (derived.members) rest += `,"members":${JSON.stringify(servedMembers(derived.members, baseUrl))}`;
  if (derived.groups && derived.groups.length > 0) rest += `,"groups":${JSON.stringify(servedGroups(derived.groups, baseUrl))}`;
  return `{${schemas}"id":${JSON.stringify(row.id)}${externalId}${rest},"meta":${metaJson(row, resourceType, baseUrl)}}`;
}

/** Up to this many members, a repeated key is looked for among the earlier ones; past it (any number may be stored), in a Set. */
const FEW_MEMBERS = 16;

/** Whether the key of `members[index]` came before: for a handful of members, fewer steps than building a Set. */
function isRepeated(members: DocumentMember[], index: number): boolean {
  const key = members[index]!.key;
  for (let earlier = 0; earlier < index; earlier++) if (members[earlier]!.key === key) return true;
  return false;
}

/** JSON.stringify(metaOf(...)), written out: the same keys in the same order, each string serialised alone. */
function metaJson(row: ResourceRow, resourceType: ResourceTypeDefinition, baseUrl: string): string {
  return (
    `{"resourceType":${JSON.stringify(resourceType.id)},"created":${JSON.stringify(row.created)},` +
    `"lastModified":${JSON.stringify(row.last_modified)},"location":${JSON.stringify(locationOf(baseUrl, resourceType, row.id))},` +
    `"version":${JSON.stringify(etagOf(row.version))}}`
  );
}

const REPLACED_KEYS = new Set(['id', 'meta', 'members', 'groups', '__proto__']);
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

function servedMembers(members: MemberRow[], baseUrl: string) {
  return members.map((member) => ({
    value: member.member_id,
    $ref: `${baseUrl}/${member.member_type === 'User' ? 'Users' : 'Groups'}/${member.member_id}`,
    ...(member.display !== null && { display: member.display }),
    type: member.member_type,
    ...(member.extra !== null && (JSON.parse(member.extra) as Record<string, unknown>)),
  }));
}

function servedGroups(groups: GroupRefRow[], baseUrl: string) {
  return groups.map((group) => ({
    value: group.group_id,
    $ref: `${baseUrl}/Groups/${group.group_id}`,
    ...(group.display !== null && { display: group.display }),
    type: 'direct',
  }));
}

function metaOf(row: ResourceRow, resourceType: ResourceTypeDefinition, baseUrl: string) {
  return {
    resourceType: resourceType.id,
    created: row.created,
    lastModified: row.last_modified,
    location: locationOf(baseUrl, resourceType, row.id),
    version: etagOf(row.version),
  };
}
