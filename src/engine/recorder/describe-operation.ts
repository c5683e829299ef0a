import type { ClientKind, ResourceChange } from '../../shared/recording';

export interface OperationInput {
  client: ClientKind;
  method: string;
  /** Path and query, e.g. `/scim/v2/Users?filter=…`. */
  path: string;
  status: number;
  changes: readonly ResourceChange[];
  requestBody?: unknown;
  responseBody?: unknown;
  query?: Record<string, string>;
}

const CLIENT_NAMES: Record<ClientKind, string> = { okta: 'Okta', entra: 'Entra', onelogin: 'OneLogin', workbench: 'Workbench', other: 'A client' };

/**
 * The SCIM operation in words, for the inspector's list: "Okta deactivated user jane@acme.com",
 * "Entra removed 3 members from Engineering", "Okta tried to create user jane@acme.com: 409 uniqueness".
 */
export function describeOperation(input: OperationInput): string {
  const who = CLIENT_NAMES[input.client];
  const target = targetOf(input.path);
  if (input.status >= 400) return `${who} tried to ${intent(input, target)}: ${input.status}${scimTypeOf(input.responseBody)}`;
  if (input.changes.length > 0) return input.changes.map((change) => describeChange(who, change)).join('; ');
  return `${who} ${intent(input, target, true)}`;
}

interface Target {
  endpoint: string;
  noun: 'user' | 'group' | 'resource';
  id?: string;
}

function targetOf(path: string): Target {
  const bare = path.split('?')[0]!.replace(/\/+$/, '');
  const match = /\/(Users|Groups|Bulk|\.search|ServiceProviderConfig|serviceConfiguration|ResourceTypes|Schemas)(?:\/([^/]+))?(?:\/\.search)?$/i.exec(bare);
  const endpoint = match?.[1] ?? bare;
  const lower = endpoint.toLowerCase();
  const noun = lower === 'users' ? 'user' : lower === 'groups' ? 'group' : 'resource';
  return { endpoint, noun, ...(match?.[2] && noun !== 'resource' && { id: decodeURIComponent(match[2]) }) };
}

/** What the request set out to do: "create user jane@acme.com", "look up users where …". */
function intent(input: OperationInput, target: Target, done = false): string {
  const verb = (present: string, past: string) => (done ? past : present);
  const name = nameIn(input.requestBody) ?? target.id ?? '';
  const method = input.method.toUpperCase();
  const plural = `${target.noun}s`;
  if (target.noun === 'resource') {
    if (/^bulk$/i.test(target.endpoint)) return verb('run a bulk request', 'ran a bulk request');
    if (/search/i.test(target.endpoint)) return verb('search', 'searched');
    return `${verb('read', 'read')} ${target.endpoint}`;
  }
  switch (method) {
    case 'POST':
      if (/\.search/i.test(input.path)) return `${verb('search', 'searched')} ${plural}`;
      return `${verb('create', 'created')} ${target.noun} ${name}`.trim();
    case 'PUT':
      return `${verb('replace', 'replaced')} ${target.noun} ${name}`.trim();
    case 'PATCH':
      return `${verb('update', 'updated')} ${target.noun} ${name}`.trim();
    case 'DELETE':
      return `${verb('delete', 'deleted')} ${target.noun} ${target.id ?? ''}`.trim();
    case 'GET': {
      if (target.id) return `${verb('read', 'read')} ${target.noun} ${target.id}`;
      const filter = input.query?.filter;
      if (filter) return `${verb('look up', 'looked up')} ${plural} where ${filter}`;
      const startIndex = Number(input.query?.startIndex ?? 1);
      const count = Number(input.query?.count ?? 0);
      const page = count > 0 && startIndex > 1 ? ` (page ${Math.floor((startIndex - 1) / count) + 1})` : '';
      return `${verb('list', 'listed')} ${plural}${page}`;
    }
    default:
      return `${verb('call', 'called')} ${method} ${input.path}`;
  }
}

function describeChange(who: string, change: ResourceChange): string {
  const noun = change.resourceType === 'User' ? 'user' : 'group';
  const name = nameOf(change) ?? change.resourceId;
  if (change.before === null) {
    const members = change.membersAdded?.length ? ` with ${count(change.membersAdded.length, 'member')}` : '';
    return `${who} created ${noun} ${name}${members}`;
  }
  if (change.after === null) return `${who} deleted ${noun} ${name}`;
  const wasActive = change.before.active !== false;
  const isActive = change.after.active !== false;
  if (noun === 'user' && wasActive && !isActive) return `${who} deactivated user ${name}`;
  if (noun === 'user' && !wasActive && isActive) return `${who} reactivated user ${name}`;
  const parts: string[] = [];
  if (noun === 'group' && change.before.displayName !== change.after.displayName) {
    parts.push(`renamed group ${String(change.before.displayName)} → ${String(change.after.displayName)}`);
  }
  const added = change.membersAdded?.length ?? 0;
  const removed = change.membersRemoved?.length ?? 0;
  if (added > 0) parts.push(`added ${count(added, 'member')} to ${name}`);
  if (removed > 0) parts.push(`removed ${count(removed, 'member')} from ${name}`);
  const changed = changedAttributes(change.before, change.after).filter((key) => !(noun === 'group' && key === 'displayName'));
  if (changed.length > 0) parts.push(`updated ${noun} ${name} (${changed.join(', ')})`);
  return parts.length > 0 ? `${who} ${parts.join(', ')}` : `${who} updated ${noun} ${name} (no change)`;
}

function changedAttributes(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('schemas');
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

function nameOf(change: ResourceChange): string | undefined {
  return nameIn(change.after) ?? nameIn(change.before);
}

function nameIn(document: unknown): string | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const record = document as Record<string, unknown>;
  const name = record.userName ?? record.displayName;
  return typeof name === 'string' ? name : undefined;
}

function scimTypeOf(body: unknown): string {
  const scimType = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).scimType : undefined;
  return typeof scimType === 'string' ? ` ${scimType}` : '';
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
