import { ScimError } from '../scim/errors';
import { MAX_BULK_OPERATIONS } from '../scim/schemas/discovery';
import type { ResourceTypeName } from '../scim/schemas/types';
import type { ResourceService, ScimContext } from './resource-service';

export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

interface BulkOperation {
  method: string;
  path: string;
  bulkId?: string;
  version?: string;
  data?: unknown;
}

export interface BulkResult {
  method: string;
  bulkId?: string;
  location?: string;
  version?: string;
  /** A string, as in the RFC 7644 §3.7 examples. */
  status: string;
  response?: unknown;
}

const PATH = /^\/(Users|Groups)(?:\/([^/?#]+))?$/;
const BULK_REF = /"bulkId:([^"]+)"/g;

/** The bulkIds an operation's data refers to (`"bulkId:u1"` anywhere in it). */
function referencesOf(operation: BulkOperation): string[] {
  return [...JSON.stringify(operation.data ?? null).matchAll(BULK_REF)].map((match) => match[1]!);
}

function parseRequest(body: unknown): { operations: BulkOperation[]; failOnErrors: number } {
  const request = body as { schemas?: unknown; Operations?: unknown; failOnErrors?: unknown };
  if (!Array.isArray(request.schemas) || !request.schemas.includes(BULK_REQUEST)) {
    throw ScimError.badRequest('invalidSyntax', `A bulk request must have "schemas": ["${BULK_REQUEST}"].`);
  }
  if (!Array.isArray(request.Operations)) throw ScimError.badRequest('invalidSyntax', '"Operations" must be an array.');
  if (request.Operations.length > MAX_BULK_OPERATIONS) {
    // RFC 7644 §3.7.4: too many operations is 413 Payload Too Large.
    throw new ScimError(413, undefined, `At most ${MAX_BULK_OPERATIONS} operations per bulk request; got ${request.Operations.length}.`);
  }
  const failOnErrors = request.failOnErrors;
  if (failOnErrors !== undefined && (typeof failOnErrors !== 'number' || !Number.isInteger(failOnErrors) || failOnErrors < 1)) {
    throw ScimError.badRequest('invalidValue', '"failOnErrors" must be a positive integer.');
  }
  const bulkIds = new Set<string>();
  for (const [index, operation] of request.Operations.entries()) {
    const op = operation as Partial<BulkOperation>;
    if (!op || typeof op !== 'object' || typeof op.method !== 'string' || typeof op.path !== 'string') {
      throw ScimError.badRequest('invalidSyntax', `Operations[${index}] needs a string "method" and "path".`);
    }
    if (op.bulkId !== undefined && typeof op.bulkId !== 'string') {
      throw ScimError.badRequest('invalidSyntax', `Operations[${index}].bulkId must be a string.`);
    }
    // A reference to a bulkId two operations share would name either: refused before anything runs.
    if (op.bulkId !== undefined && bulkIds.has(op.bulkId)) {
      throw ScimError.badRequest(
        'invalidValue',
        `Operations[${index}].bulkId "${op.bulkId}" is used by an earlier operation too; bulkIds must be unique within a request.`,
      );
    }
    if (op.bulkId !== undefined) bulkIds.add(op.bulkId);
  }
  return { operations: request.Operations as BulkOperation[], failOnErrors: (failOnErrors as number | undefined) ?? Infinity };
}

/**
 * /Bulk (RFC 7644 §3.7). Not atomic: each operation is its own ResourceService call (its own
 * transaction), under the request's ScimContext. Operations whose data refers to another's
 * `bulkId:` wait until that one has run, so the order of the request does not matter; those
 * left waiting on each other (a cycle, or a failed/unknown target) fail with 409.
 */
export function runBulk(resources: ResourceService, context: ScimContext, body: unknown) {
  const { operations, failOnErrors } = parseRequest(body);
  const results: (BulkResult | undefined)[] = new Array(operations.length);
  const resolved = new Map<string, string>();
  const declared = new Set(operations.map((op) => op.bulkId).filter((id): id is string => id !== undefined));
  let errors = 0;
  let pending = operations.map((_, index) => index);

  const fail = (index: number, error: ScimError) => {
    const op = operations[index]!;
    results[index] = { method: op.method, bulkId: op.bulkId, status: String(error.status), response: error.toBody() };
    errors++;
  };

  while (pending.length && errors < failOnErrors) {
    const waiting: number[] = [];
    for (const index of pending) {
      if (errors >= failOnErrors) break;
      const refs = referencesOf(operations[index]!);
      if (refs.some((ref) => !resolved.has(ref) && declared.has(ref))) {
        waiting.push(index);
        continue;
      }
      const unknown = refs.find((ref) => !resolved.has(ref));
      if (unknown) {
        fail(index, new ScimError(409, 'invalidValue', `bulkId "${unknown}" is not defined by a successful operation in this request.`));
        continue;
      }
      try {
        results[index] = runOne(resources, context, operations[index]!, resolved);
      } catch (error) {
        if (!(error instanceof ScimError)) throw error;
        fail(index, error);
      }
    }
    if (waiting.length === pending.length) {
      for (const index of waiting) {
        if (errors >= failOnErrors) break;
        fail(index, new ScimError(409, 'invalidValue', 'Circular bulkId references: this operation depends on one that depends on it.'));
      }
      break;
    }
    pending = waiting;
  }
  return { schemas: [BULK_RESPONSE], Operations: results.filter((result): result is BulkResult => result !== undefined) };
}

function runOne(resources: ResourceService, context: ScimContext, op: BulkOperation, resolved: Map<string, string>): BulkResult {
  const method = op.method.toUpperCase();
  const match = PATH.exec(op.path);
  if (!match) throw ScimError.badRequest('invalidPath', `Bulk paths are /Users, /Groups or /Users|Groups/{id}; got "${op.path}".`);
  const type: ResourceTypeName = match[1] === 'Users' ? 'User' : 'Group';
  let id = match[2];
  if (id?.startsWith('bulkId:')) {
    id = resolved.get(id.slice('bulkId:'.length));
    if (!id) throw new ScimError(409, 'invalidValue', `"${op.path}" refers to an unknown bulkId.`);
  }
  const data = JSON.parse(JSON.stringify(op.data ?? null).replace(BULK_REF, (whole, ref: string) => JSON.stringify(resolved.get(ref) ?? whole)));
  const done = (resource: Record<string, unknown> | undefined, status: number): BulkResult => {
    const meta = resource?.meta as { location?: string; version?: string } | undefined;
    return { method, bulkId: op.bulkId, location: meta?.location, version: meta?.version, status: String(status) };
  };
  if (method === 'POST') {
    if (id) throw ScimError.badRequest('invalidPath', 'POST goes to /Users or /Groups, without an id.');
    if (!op.bulkId) throw ScimError.badRequest('invalidValue', 'A bulk POST needs a bulkId (RFC 7644 §3.7).');
    const created = resources.create(context, type, data) as Record<string, unknown>;
    resolved.set(op.bulkId, created.id as string);
    return done(created, 201);
  }
  if (!id) throw ScimError.badRequest('invalidPath', `${method} needs /${match[1]}/{id}.`);
  if (method === 'PUT') return done(resources.replace(context, type, id, data, op.version) as Record<string, unknown>, 200);
  if (method === 'PATCH') return done(resources.patch(context, type, id, data, op.version) as Record<string, unknown> | undefined, 200);
  if (method === 'DELETE') {
    resources.delete(context, type, id, op.version);
    return { method, bulkId: op.bulkId, location: `${context.baseUrl}/${match[1]}/${id}`, status: '204' };
  }
  throw ScimError.badRequest('invalidSyntax', `Unknown bulk method "${op.method}"; use POST, PUT, PATCH or DELETE.`);
}
