import { ScimError } from '../errors';
import { ACCEPT_EVERYTHING, type InputRules } from '../../compat/input-rules';
import { URN } from '../urns';
import { isPlainObject } from '../../../shared/json-values';

export type PatchOpName = 'add' | 'remove' | 'replace';

export interface PatchOperation {
  /** Lower case whatever the client sent: Entra sends "Add", "Replace", "Remove". */
  op: PatchOpName;
  /** Absent when the client sent none (or null, or ""): the target is then the resource itself. */
  path?: string;
  /** Always present for add and replace; for remove only when the client sent one (Entra's member removal). */
  value?: unknown;
}

/** Enough for any IdP's batch (Entra sends at most a few hundred member changes per request). */
export const MAX_PATCH_OPERATIONS = 1000;

const OP_NAMES: readonly PatchOpName[] = ['add', 'remove', 'replace'];

/**
 * Checks the shape of a PATCH request body (RFC 7644 §3.5.2) and returns its operations.
 * What the operations mean for a resource is applyPatch's business.
 */
export function parsePatchRequest(body: unknown, rules: InputRules = ACCEPT_EVERYTHING): PatchOperation[] {
  if (!isPlainObject(body)) throw invalidSyntax('The PATCH request body must be a JSON object.');

  const schemas = body.schemas;
  const patchOp = URN.patchOp.toLowerCase();
  if (!Array.isArray(schemas) || !schemas.some((schema) => typeof schema === 'string' && schema.toLowerCase() === patchOp)) {
    throw invalidSyntax(`A PATCH request must list "${URN.patchOp}" in "schemas".`);
  }

  const operations = body.Operations ?? body.operations;
  if (operations === undefined) throw invalidSyntax('A PATCH request needs an "Operations" array.');
  if (!Array.isArray(operations)) throw invalidSyntax('"Operations" must be an array.');
  if (operations.length === 0) throw invalidValue('"Operations" is empty; a PATCH request needs at least one operation.');
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw invalidValue(`"Operations" has ${operations.length} operations; at most ${MAX_PATCH_OPERATIONS} are accepted per request.`);
  }
  return operations.map((operation, index) => parseOperation(operation, `Operations[${index}]`, rules));
}

function parseOperation(operation: unknown, where: string, rules: InputRules): PatchOperation {
  if (!isPlainObject(operation)) throw invalidSyntax(`${where} must be an object with "op", "path" and "value".`);

  const { op: rawOp, path: rawPath } = operation;
  if (typeof rawOp !== 'string') throw invalidSyntax(`${where} needs an "op" of "add", "remove" or "replace".`);
  const op = rawOp.toLowerCase() as PatchOpName;
  if (!OP_NAMES.includes(op)) {
    throw invalidSyntax(`${where} has op ${JSON.stringify(rawOp)}; it must be "add", "remove" or "replace".`);
  }
  // RFC 7644 §3.5.2 spells the ops in lower case; Entra sends "Add", "Replace", "Remove".
  if (rawOp !== op && !rules.acceptHabit('capitalisedOp', `${where} op ${JSON.stringify(rawOp)}`)) {
    throw invalidSyntax(`${where} has op ${JSON.stringify(rawOp)}; RFC 7644 §3.5.2 spells it "${op}".`);
  }

  if (rawPath !== undefined && rawPath !== null && typeof rawPath !== 'string') {
    throw invalidSyntax(`${where} has a "path" that is not a string.`);
  }
  // Some clients serialise an absent path as null or "": both mean "no path".
  const path = typeof rawPath === 'string' && rawPath.trim() !== '' ? rawPath.trim() : undefined;

  const hasValue = Object.hasOwn(operation, 'value') && operation.value !== undefined;
  if (op !== 'remove' && !hasValue) throw invalidValue(`${where} (${op}) needs a "value".`);
  if (op === 'remove' && path === undefined) {
    // RFC 7644 §3.5.2.2: remove without a path is an error with scimType noTarget.
    throw ScimError.badRequest('noTarget', `${where} (remove) needs a "path" naming what to remove.`);
  }

  const parsed: PatchOperation = { op };
  if (path !== undefined) parsed.path = path;
  if (hasValue) parsed.value = operation.value;
  return parsed;
}

const invalidSyntax = (detail: string) => ScimError.badRequest('invalidSyntax', detail);
const invalidValue = (detail: string) => ScimError.badRequest('invalidValue', detail);
