import { resolveAttributePath, type AttributeRef } from './attribute-path';
import { isPlainObject } from '../../shared/json-values';
import type { ResourceSchemas } from './schemas/types';

/** The `attributes` / `excludedAttributes` query parameters (RFC 7644 §3.4.2.5), parsed once per request. */
export interface Projection {
  attributes: AttributeRef[];
  excluded: AttributeRef[];
}

export function parseProjection(schemas: ResourceSchemas, attributes?: string, excludedAttributes?: string): Projection {
  // Nearly every request asks for neither: spares the splitting below on every one of them.
  if (attributes === undefined && excludedAttributes === undefined) return { attributes: [], excluded: [] };
  const parse = (list?: string) =>
    (list ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
      // Names the schema does not define select nothing and exclude nothing, as the RFC allows.
      .flatMap((path) => resolveAttributePath(path, schemas) ?? []);
  return { attributes: parse(attributes), excluded: parse(excludedAttributes) };
}

/** Whether the projection can return a top-level attribute at all, so callers can skip loading it (e.g. 50,000 members). */
export function mayReturn(projection: Projection, name: string): boolean {
  const matches = (ref: AttributeRef) => !ref.isExtension && ref.attribute.name === name;
  if (projection.attributes.length > 0) return projection.attributes.some(matches);
  return !projection.excluded.some((ref) => matches(ref) && !ref.subAttribute);
}

/** Applies a projection to a served resource. `id`, `schemas` and `meta.resourceType`-like "always" attributes stay. */
export function project(resource: Record<string, unknown>, projection: Projection): Record<string, unknown> {
  if (projection.attributes.length > 0) return pick(resource, projection.attributes);
  if (projection.excluded.length > 0) return omit(resource, projection.excluded);
  return resource;
}

function pick(resource: Record<string, unknown>, refs: AttributeRef[]) {
  const result: Record<string, unknown> = { schemas: resource.schemas, id: resource.id };
  for (const ref of refs) copyPath(resource, result, ref.documentKeys);
  if (resource.meta !== undefined && result.meta === undefined) {
    // Not "always" returned, but IdPs rely on meta.location/version; cheap to keep.
    result.meta = resource.meta;
  }
  return result;
}

function omit(resource: Record<string, unknown>, refs: AttributeRef[]) {
  const result = structuredClone(resource);
  for (const ref of refs) {
    if (ref.attribute.returned === 'always') continue;
    deletePath(result, ref.documentKeys, ref.attribute.multiValued);
  }
  return result;
}

function copyPath(from: Record<string, unknown>, to: Record<string, unknown>, keys: string[]) {
  const [head, ...rest] = keys as [string, ...string[]];
  const value = from[head];
  if (value === undefined) return;
  if (rest.length === 0) {
    to[head] = value;
  } else if (Array.isArray(value)) {
    const sub = rest[0]!;
    to[head] = value.map((item) => (isPlainObject(item) && sub in item ? { [sub]: item[sub] } : {}));
  } else if (isPlainObject(value)) {
    const target = isPlainObject(to[head]) ? (to[head] as Record<string, unknown>) : {};
    to[head] = target;
    copyPath(value, target, rest);
  }
}

function deletePath(target: Record<string, unknown>, keys: string[], multiValued: boolean) {
  const [head, ...rest] = keys as [string, ...string[]];
  if (rest.length === 0) {
    delete target[head];
    return;
  }
  const value = target[head];
  if (Array.isArray(value) && multiValued) {
    for (const item of value) if (isPlainObject(item)) delete item[rest[0]!];
  } else if (isPlainObject(value)) {
    deletePath(value, rest, multiValued);
  }
}
