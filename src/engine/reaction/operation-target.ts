import type { ReactionExchange } from './reaction-exchange';

export type ResourceKind = 'User' | 'Group' | 'other';

/** What an exchange asked for, as far as telling "the same operation again" needs. */
export interface OperationTarget {
  /** Equal for two exchanges that are the same operation repeated: same client, workspace, method, target and body. */
  key: string;
  resourceType: ResourceKind;
  /** How the request names what it is about: `id` (in the path), `new` (a create), `filter`, `list`. */
  by: 'id' | 'new' | 'filter' | 'list';
  /** The name to show: userName, displayName, the id, or the filter. */
  subject: string;
  /** For a filter: the attribute it compares (`userName`). */
  filterAttribute?: string;
  /** Names and ids the request mentions, each as `workspace␀kind:value`, for finding later requests about the same resource. */
  identities: string[];
  /** The id in the path, if any. */
  pathId?: string;
  /**
   * A write recorded without its body (a fault answered before the body was read): which user or
   * change it was is unknown. Its key is `looseKey`, which the next write with a body may take over.
   */
  bodyUnknown?: boolean;
  /** The key with the body and a create's name left out: what a body-less attempt of the same operation has as its key. */
  looseKey: string;
}

const SCIM_PATH = /\/scim\/v2(\/[^?]*)?$/;
const EQ_FILTER = /^\s*([A-Za-z][\w.:-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"/i;

function resourceKind(segment: string | undefined): ResourceKind {
  return segment === 'Users' ? 'User' : segment === 'Groups' ? 'Group' : 'other';
}

/** A workspace-scoped identity: names compare without case (userName is case-insensitive in SCIM). */
export function identity(workspace: string, kind: 'u' | 'g' | 'x' | 'id', value: string): string {
  return `${workspace}\u0000${kind}:${kind === 'id' ? value : value.toLowerCase()}`;
}

function parseJson(text: string | null): unknown {
  if (text === null || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** JSON with its keys sorted, so two bodies that differ only in key order are the same body. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

function fingerprint(body: string | null, parsed: unknown): string {
  if (body === null || body === '') return '';
  return hash53(parsed === undefined ? body : canonical(parsed));
}

/**
 * A 53-bit string hash (cyrb53): a session's keys only need telling bodies apart, and node:crypto's
 * SHA-1 costs several times more per call than the rest of reading an exchange.
 */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const stringField = (object: unknown, name: string): string | undefined => {
  const value = (object as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** Names and ids in a resource document (a create's body, an answer, a list answer's first resources). */
export function documentIdentities(workspace: string, document: unknown, into: string[]): void {
  if (!document || typeof document !== 'object') return;
  const id = (document as Record<string, unknown>).id;
  if (typeof id === 'string' || typeof id === 'number') into.push(identity(workspace, 'id', String(id)));
  const userName = stringField(document, 'userName');
  if (userName) into.push(identity(workspace, 'u', userName));
  const displayName = stringField(document, 'displayName');
  // A user's displayName is no key (two users may share one); a group's is what IdPs look groups up by.
  if (displayName && !userName) into.push(identity(workspace, 'g', displayName));
  const resources = (document as Record<string, unknown>).Resources;
  if (Array.isArray(resources)) for (const resource of resources.slice(0, 5)) documentIdentities(workspace, resource, into);
}

/** The names and ids an exchange's answer carries (read on demand: most answers are never needed). */
export function answerIdentities(exchange: ReactionExchange): string[] {
  const found: string[] = [];
  documentIdentities(exchange.workspace, parseJson(exchange.responseBody()), found);
  return found;
}

/** What the exchange asks for; undefined for requests outside the SCIM API (the OAuth token endpoint). */
export function operationTarget(exchange: ReactionExchange): OperationTarget | undefined {
  const [pathPart = '', query = ''] = exchange.url.split('?', 2);
  const match = SCIM_PATH.exec(pathPart);
  if (!match) return undefined;
  const segments = (match[1] ?? '').split('/').filter(Boolean);
  const resourceType = resourceKind(segments[0]);
  if (segments[0] === 'oauth') return undefined;
  const method = exchange.method.toUpperCase();
  const { workspace } = exchange;
  const parsedBody = method === 'GET' || method === 'DELETE' ? undefined : parseJson(exchange.requestBody);
  const identities: string[] = [];
  let by: OperationTarget['by'];
  let subject: string;
  let targetPart: string;
  let filterAttribute: string | undefined;
  let pathId: string | undefined;
  if (segments[1] !== undefined) {
    pathId = safeDecode(segments[1]);
    by = 'id';
    // A PUT carries the name; a PATCH or DELETE only the id.
    subject = stringField(parsedBody, 'userName') ?? stringField(parsedBody, 'displayName') ?? pathId;
    targetPart = `id:${segments.slice(1).join('/')}`;
    identities.push(identity(workspace, 'id', pathId));
  } else if (method === 'POST') {
    by = 'new';
    const name = stringField(parsedBody, 'userName') ?? stringField(parsedBody, 'displayName');
    subject = name ?? (resourceType === 'other' ? (segments[0] ?? '') : `a new ${resourceType.toLowerCase()}`);
    targetPart = `new:${(name ?? '').toLowerCase()}`;
  } else {
    const params = new URLSearchParams(query);
    const filter = params.get('filter');
    params.delete('filter');
    params.sort();
    if (filter !== null) {
      by = 'filter';
      const eq = EQ_FILTER.exec(filter);
      filterAttribute = eq?.[1];
      subject = eq ? eq[2]!.replace(/\\(.)/g, '$1') : filter;
      const attribute = filterAttribute?.toLowerCase();
      if (eq && attribute === 'username') identities.push(identity(workspace, 'u', subject));
      else if (eq && attribute === 'displayname') identities.push(identity(workspace, 'g', subject));
      else if (eq && attribute === 'externalid') identities.push(identity(workspace, 'x', subject));
      else if (eq && attribute === 'id') identities.push(identity(workspace, 'id', subject));
      targetPart = `filter:${filter.replace(/\s+/g, ' ').trim().toLowerCase()}&${params}`;
    } else {
      by = 'list';
      subject = segments[0] ?? '';
      targetPart = `list:${params}`;
    }
  }
  if (parsedBody !== undefined) {
    documentIdentities(workspace, parsedBody, identities);
    const externalId = stringField(parsedBody, 'externalId');
    if (externalId) identities.push(identity(workspace, 'x', externalId));
  }
  const bodyUnknown = (method === 'POST' || method === 'PUT' || method === 'PATCH') && (exchange.requestBody === null || exchange.requestBody === '');
  const prefix = [exchange.client, workspace, method, segments[0] ?? ''];
  const key = [...prefix, targetPart, fingerprint(exchange.requestBody, parsedBody)].join('\u0000');
  const looseKey = [...prefix, by === 'new' ? 'new:' : targetPart, '?'].join('\u0000');
  return {
    key: bodyUnknown ? looseKey : key,
    looseKey,
    resourceType,
    by,
    subject,
    identities,
    ...(filterAttribute && { filterAttribute }),
    ...(pathId !== undefined && { pathId }),
    ...(bodyUnknown && { bodyUnknown }),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
