import type { ClientKind, ResourceChange } from '../../shared/recording';
import { diffDocuments } from './diff';

/**
 * The SCIM operation in words, for the inspector's list:
 *
 *   Okta created user jane@acme.com              Okta deleted user jane@acme.com
 *   Okta deactivated user jane@acme.com          Entra reactivated user jane@acme.com
 *   Entra updated user jane@acme.com (name.familyName, emails)
 *   Okta renamed group Engineering → Eng         Entra added 2 members to Engineering
 *   Entra removed 3 members from Engineering     Okta read user jane@acme.com
 *   Okta looked up users where userName eq "jane@acme.com"
 *   Okta listed users (page 2)                   Okta tried to create user jane@acme.com: 409 uniqueness
 *
 * A write is described by the versions it made (`changes`); a read, a write that changed nothing and
 * a failure (status >= 400) by the request. A user is named by its userName, a group by its
 * displayName: from the version after, else before, else the request body (else the response body
 * of a read), else the id.
 */
export interface OperationInput {
  client: ClientKind;
  method: string;
  /** Path and query, e.g. `/scim/v2/Users?filter=…`. */
  path: string;
  status: number;
  changes: readonly ResourceChange[];
  requestBody?: unknown;
  /** The response body: the scimType of an error, the resource a read returned. */
  responseBody?: unknown;
  /** The decoded query parameters (`filter`, `startIndex`, `count`). */
  query?: Record<string, string>;
}

const CLIENT_NAMES: Record<ClientKind, string> = {
  okta: 'Okta',
  entra: 'Entra',
  onelogin: 'OneLogin',
  workbench: 'Workbench',
  other: 'A client',
};

/** What a request to one resource set out to do, by method: [as attempted, as done]. */
const RESOURCE_VERBS: Record<string, [attempted: string, done: string]> = {
  POST: ['create', 'created'],
  PUT: ['replace', 'replaced'],
  PATCH: ['update', 'updated'],
  DELETE: ['delete', 'deleted'],
  GET: ['read', 'read'],
};

/** What a request to a whole endpoint set out to do: [as attempted, as done]. */
const ENDPOINT_VERBS = {
  lookUp: ['look up', 'looked up'],
  list: ['list', 'listed'],
  search: ['search', 'searched'],
  bulk: ['run a bulk request', 'ran a bulk request'],
  read: ['read', 'read'],
} as const satisfies Record<string, [string, string]>;

/** Attributes not worth naming in "updated user x (…)": bookkeeping, or said otherwise (a rename). */
const UNNAMED_ATTRIBUTES: Record<'user' | 'group', ReadonlySet<string>> = {
  user: new Set(['schemas', 'meta', 'id']),
  group: new Set(['schemas', 'meta', 'id', 'displayName', 'members']),
};

export function describeOperation(input: OperationInput): string {
  const who = CLIENT_NAMES[input.client];
  const target = targetOf(input.path);
  if (input.status >= 400) {
    return `${who} tried to ${intent(input, target, 0)}: ${input.status}${scimTypeOf(input.responseBody)}`;
  }
  if (input.changes.length > 0) return input.changes.map((change) => `${who} ${describeChange(change, input.requestBody)}`).join('; ');
  return `${who} ${intent(input, target, 1)}`;
}

type Noun = 'user' | 'group';

interface Target {
  /** The endpoint as written in the path: `Users`, `Groups`, `Bulk`, `ServiceProviderConfig`, … */
  endpoint: string;
  noun?: Noun;
  id?: string;
  search: boolean;
}

const NOUNS: Record<string, Noun> = { users: 'user', groups: 'group' };

function targetOf(path: string): Target {
  const bare = path.split('?')[0]!.replace(/\/+$/, '');
  const search = /\/\.search$/i.test(bare);
  const segments = bare.replace(/\/\.search$/i, '').split('/');
  // `…/Users/{id}` or `…/Users`; anything else is a whole endpoint named by its last segment.
  const last = segments.at(-1) ?? '';
  const parent = segments.at(-2) ?? '';
  if (NOUNS[parent.toLowerCase()]) return { endpoint: parent, noun: NOUNS[parent.toLowerCase()], id: decode(last), search };
  return { endpoint: last || bare, noun: NOUNS[last.toLowerCase()], search };
}

/** The request in words, attempted (0: "create user x") or done (1: "created user x"). */
function intent(input: OperationInput, target: Target, tense: 0 | 1): string {
  const method = input.method.toUpperCase();
  const { noun } = target;
  if (target.search) return `${ENDPOINT_VERBS.search[tense]}${noun ? ` ${noun}s` : ''}`;
  if (noun === undefined) {
    if (/^bulk$/i.test(target.endpoint)) return ENDPOINT_VERBS.bulk[tense];
    return `${ENDPOINT_VERBS.read[tense]} ${target.endpoint}`;
  }
  if (method === 'GET' && target.id === undefined) {
    const filter = input.query?.filter;
    if (filter) return `${ENDPOINT_VERBS.lookUp[tense]} ${noun}s where ${filter}`;
    return `${ENDPOINT_VERBS.list[tense]} ${noun}s${pageOf(input.query)}`;
  }
  const verb = RESOURCE_VERBS[method];
  if (verb === undefined) return `${tense ? 'called' : 'call'} ${method} ${input.path}`;
  const name = nameIn(input.requestBody, noun) ?? (method === 'GET' && input.status < 400 ? nameIn(input.responseBody, noun) : undefined) ?? target.id;
  return name === undefined ? `${verb[tense]} a ${noun}` : `${verb[tense]} ${noun} ${name}`;
}

/** " (page n)" when the client paged with `count` (and `startIndex`, 1-based). */
function pageOf(query: Record<string, string> | undefined): string {
  const count = Number(query?.count);
  const startIndex = Number(query?.startIndex ?? 1);
  if (!(count > 0) || !(startIndex >= 1)) return '';
  return ` (page ${Math.floor((startIndex - 1) / count) + 1})`;
}

/** One version change in words, without the client: "deactivated user x", "added 2 members to y". */
function describeChange(change: ResourceChange, requestBody: unknown): string {
  const noun: Noun = change.resourceType === 'User' ? 'user' : 'group';
  const name = nameIn(change.after, noun) ?? nameIn(change.before, noun) ?? nameIn(requestBody, noun) ?? change.resourceId;
  const added = change.membersAdded?.length ?? 0;
  const removed = change.membersRemoved?.length ?? 0;
  const { before, after } = change;

  if (before === null) return `created ${noun} ${name}${added > 0 ? ` with ${count(added, 'member')}` : ''}`;
  if (after === null) return `deleted ${noun} ${name}`;
  if (noun === 'user' && before.active !== false && after.active === false) return `deactivated user ${name}`;
  if (noun === 'user' && before.active === false && after.active !== false) return `reactivated user ${name}`;

  const parts: string[] = [];
  if (noun === 'group' && before.displayName !== after.displayName) {
    parts.push(`renamed group ${String(before.displayName)} → ${String(after.displayName)}`);
  }
  if (added > 0) parts.push(`added ${count(added, 'member')} to ${name}`);
  if (removed > 0) parts.push(`removed ${count(removed, 'member')} from ${name}`);
  const attributes = changedAttributes(before, after, UNNAMED_ATTRIBUTES[noun]);
  if (attributes.length > 0 || parts.length === 0) {
    parts.push(`updated ${noun} ${name}${attributes.length > 0 ? ` (${attributes.join(', ')})` : ' (no change)'}`);
  }
  return parts.join(', ');
}

/**
 * The attributes that changed, as a reader names them: sub-attributes of a complex attribute by
 * their path (`name.familyName`), a multi-valued attribute by its name (`emails`), an extension's
 * attributes without the schema URN (`department`), an extension added or removed whole by its
 * short name (`enterprise`).
 */
function changedAttributes(before: Record<string, unknown>, after: Record<string, unknown>, unnamed: ReadonlySet<string>): string[] {
  const urns = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => key.startsWith('urn:'));
  const names = diffDocuments(before, after).map(({ path }) => {
    const urn = urns.find((key) => path === key || path.startsWith(`${key}.`));
    if (urn !== undefined && path === urn) return { top: urn, name: /:extension:([^:]+):/.exec(urn)?.[1] ?? urn };
    const rest = urn === undefined ? path : path.slice(urn.length + 1);
    const name = rest.replace(/\[.*$/, '');
    return { top: urn ?? name.split('.')[0]!, name };
  });
  return [...new Set(names.filter(({ top }) => !unnamed.has(top)).map(({ name }) => name))];
}

/** A user's userName or a group's displayName in a document, if it has one. */
function nameIn(document: unknown, noun: Noun): string | undefined {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  const name = (document as Record<string, unknown>)[noun === 'user' ? 'userName' : 'displayName'];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function scimTypeOf(body: unknown): string {
  const scimType = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).scimType : undefined;
  return typeof scimType === 'string' ? ` ${scimType}` : '';
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
