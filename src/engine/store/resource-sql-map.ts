import type { AttributeRef } from '../scim/attribute-path';
import {
  jsonPath,
  type AliasAllocator,
  type AttributeSqlMap,
  type ElementAccessor,
  type SqlCollection,
  type SqlFragment,
  type SqlScalar,
} from '../scim/filter/sql-types';
import { RESOURCE_SCHEMAS } from '../scim/schemas/resource-types';
import type { ResourceTypeName } from '../scim/schemas/types';

export interface ResourceSqlMapOptions {
  /**
   * The base URL resources are served under (`meta.location` is `<baseUrl>/Users/<id>`). The
   * location is not stored, so without it `meta.location` can be tested with `pr` only.
   */
  baseUrl?: string;
}

/**
 * Where each SCIM attribute lives in the `resources` table (aliased `r`) and in
 * `group_members`: index columns for the lookups IdPs make, JSON1 functions over the
 * stored document for everything else, and the membership table for `members`/`groups`.
 */
export function resourceSqlMap(resourceType: ResourceTypeName, options: ResourceSqlMapOptions = {}): AttributeSqlMap {
  return {
    resolve(ref, aliases) {
      return column(ref, resourceType, options) ?? membership(ref, resourceType, aliases) ?? documentAttribute(ref, aliases);
    },
  };
}

const scalar = (sql: string, params: unknown[] = [], extra: Partial<SqlScalar> = {}): SqlScalar => ({
  kind: 'scalar',
  sql,
  params,
  ...extra,
});

/** Always there on a served resource, though not in the stored document. */
const ALWAYS_PRESENT: SqlFragment = { sql: '1', params: [] };

function column(ref: AttributeRef, resourceType: ResourceTypeName, options: ResourceSqlMapOptions): SqlScalar | undefined {
  if (ref.isExtension) return undefined;
  const [name, sub] = ref.documentKeys;
  switch (sub === undefined ? name : `${name}.${sub}`) {
    case 'meta':
      return scalar('NULL', [], { present: ALWAYS_PRESENT });
    case 'meta.location': {
      if (options.baseUrl === undefined) {
        return scalar('NULL', [], {
          present: ALWAYS_PRESENT,
          notComparable: '"meta.location" can only be tested with "pr" here; filter on "id" instead.',
        });
      }
      const prefix = `${options.baseUrl}${RESOURCE_SCHEMAS[resourceType].resourceType.endpoint}/`;
      return scalar('(? || r.id)', [prefix]);
    }
    case 'id':
      return scalar('r.id');
    case 'externalId':
      return scalar('r.external_id');
    case 'userName':
      return resourceType === 'User' ? scalar('r.user_name_key', [], { folded: true }) : undefined;
    case 'displayName':
      return resourceType === 'Group' ? scalar('r.display_name_key', [], { folded: true }) : undefined;
    case 'meta.created':
      return scalar('r.created', [], { canonicalInstant: true });
    case 'meta.lastModified':
      return scalar('r.last_modified', [], { canonicalInstant: true });
    case 'meta.resourceType':
      return scalar('r.resource_type');
    case 'meta.version':
      return scalar(`('W/"' || r.version || '"')`);
    default:
      return undefined;
  }
}

/** `members` of a Group and the derived `groups` of a User both come from group_members. */
function membership(ref: AttributeRef, resourceType: ResourceTypeName, aliases: AliasAllocator): SqlCollection | undefined {
  if (ref.isExtension) return undefined;
  const name = ref.attribute.name;
  const isMembers = resourceType === 'Group' && name === 'members';
  const isGroups = resourceType === 'User' && name === 'groups';
  if (!isMembers && !isGroups) return undefined;
  const scope = () => {
    const m = aliases.take('m');
    const other = isMembers ? `${m}.member_id` : `${m}.group_id`;
    const displayOf = (id: string) =>
      `(SELECT COALESCE(json_extract(x.document, '$.displayName'), json_extract(x.document, '$.userName')) ` +
      `FROM resources x WHERE x.workspace_id = ${m}.workspace_id AND x.id = ${id})`;
    const element: ElementAccessor = (sub) => {
      switch (sub?.name) {
        case 'value':
          return scalar(other);
        case 'type':
          return isMembers ? scalar(`${m}.member_type`) : scalar(`'direct'`);
        case 'display':
          return scalar(displayOf(other));
        default:
          // The element itself (for `pr`): a membership row is always a value.
          return sub ? scalar('NULL') : scalar('NULL', [], { present: ALWAYS_PRESENT });
      }
    };
    return { m, other, owner: isMembers ? `${m}.group_id` : `${m}.member_id`, element };
  };
  return {
    kind: 'collection',
    exists(predicate) {
      const { m, owner, element } = scope();
      const inner = predicate(element);
      return {
        sql: `EXISTS (SELECT 1 FROM group_members ${m} WHERE ${m}.workspace_id = r.workspace_id AND ${owner} = r.id AND (${inner.sql}))`,
        params: inner.params,
      };
    },
    first(subAttribute) {
      const { m, other, owner, element } = scope();
      const picked = element(subAttribute);
      // Memberships have no primary; they are served in the other resource's creation order.
      return {
        sql:
          `(SELECT ${picked.sql} FROM group_members ${m} WHERE ${m}.workspace_id = r.workspace_id AND ${owner} = r.id ` +
          `AND ${picked.sql} IS NOT NULL ORDER BY (SELECT x.seq FROM resources x WHERE x.workspace_id = ${m}.workspace_id AND x.id = ${other}) LIMIT 1)`,
        params: [...picked.params, ...picked.params],
      };
    },
  };
}

/**
 * json_type-based presence (RFC 7644 §3.4.2.2 `pr`): a value that is there and is not null or
 * "", an array with elements, or an object with at least one such member, so `name: {givenName: ""}`
 * is not present. Members are judged one level deep (SCIM sub-attributes are never complex).
 */
function jsonPresence(source: string, path: string): SqlFragment {
  return {
    sql:
      `(CASE COALESCE(json_type(${source}, ?), 'null') WHEN 'null' THEN 0 ` +
      `WHEN 'array' THEN json_array_length(${source}, ?) > 0 ` +
      `WHEN 'object' THEN EXISTS (SELECT 1 FROM json_each(${source}, ?) k WHERE ${MEMBER_PRESENT('k')}) ` +
      `WHEN 'text' THEN json_extract(${source}, ?) <> '' ELSE 1 END)`,
    params: [path, path, path, path],
  };
}

/** One member of an object (a json_each row) that counts as a value: not null, "", [] or {}. */
const MEMBER_PRESENT = (k: string) =>
  `(CASE ${k}.type WHEN 'null' THEN 0 WHEN 'text' THEN ${k}.value <> '' ` +
  `WHEN 'array' THEN ${k}.value <> '[]' WHEN 'object' THEN ${k}.value <> '{}' ELSE 1 END)`;

/** One element of a multi-valued attribute (a json_each row) that counts as a value, as jsonPresence judges it. */
function elementPresence(e: string): SqlFragment {
  const k = `${e}k`;
  return {
    sql:
      `(CASE ${e}.type WHEN 'null' THEN 0 WHEN 'text' THEN ${e}.value <> '' ` +
      `WHEN 'array' THEN json_array_length(${e}.value) > 0 ` +
      `WHEN 'object' THEN EXISTS (SELECT 1 FROM json_each(${e}.value) ${k} WHERE ${MEMBER_PRESENT(k)}) ELSE 1 END)`,
    params: [],
  };
}

function documentAttribute(ref: AttributeRef, aliases: AliasAllocator): SqlScalar | SqlCollection {
  if (!ref.attribute.multiValued) {
    const path = jsonPath(ref.documentKeys);
    return scalar('json_extract(r.document, ?)', [path], { present: jsonPresence('r.document', path) });
  }
  const arrayPath = jsonPath(ref.documentKeys.slice(0, ref.isExtension ? 2 : 1));
  const elementOf =
    (e: string): ElementAccessor =>
    (sub) => {
      if (!sub) return scalar(`${e}.value`, [], { present: elementPresence(e) });
      const subPath = jsonPath([sub.name]);
      // Elements are objects once normalised; the type guard keeps a stray primitive from
      // reaching json_extract, which would raise "malformed JSON" instead of not matching.
      const guarded = (expression: string) => `(CASE WHEN ${e}.type = 'object' THEN ${expression} END)`;
      const present = jsonPresence(`${e}.value`, subPath);
      return scalar(guarded(`json_extract(${e}.value, ?)`), [subPath], {
        present: { sql: guarded(present.sql), params: present.params },
      });
    };
  return {
    kind: 'collection',
    exists(predicate) {
      const e = aliases.take('e');
      const inner = predicate(elementOf(e));
      return {
        sql: `EXISTS (SELECT 1 FROM json_each(r.document, ?) ${e} WHERE ${inner.sql})`,
        params: [arrayPath, ...inner.params],
      };
    },
    first(subAttribute) {
      const e = aliases.take('e');
      const picked = elementOf(e)(subAttribute);
      // `primary: true` is stored as JSON true, which json_extract reads as 1; json_each's key
      // is the array index, so the rest keep their served order.
      const primary = `(CASE WHEN ${e}.type = 'object' AND json_extract(${e}.value, '$.primary') = 1 THEN 0 ELSE 1 END)`;
      return {
        sql: `(SELECT ${picked.sql} FROM json_each(r.document, ?) ${e} WHERE ${picked.sql} IS NOT NULL ORDER BY ${primary}, ${e}.key LIMIT 1)`,
        params: [...picked.params, arrayPath, ...picked.params],
      };
    },
  };
}
