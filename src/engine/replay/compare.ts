import type { ReplayDifference } from '../../shared/replay';
import { diffDocuments } from '../recorder/diff';
import type { IdMap } from './id-map';

/**
 * Values that differ by nature between a recording and a replay: assigned ids, timestamps,
 * versions, and URLs that carry the server's host. Dropped from both sides before comparing.
 */
const VOLATILE_KEYS = new Set(['id', '$ref']);
const VOLATILE_META = new Set(['created', 'lastmodified', 'version', 'location']);

export function withoutVolatile(value: unknown, parentKey?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutVolatile(item));
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (VOLATILE_KEYS.has(key)) continue;
    if (parentKey?.toLowerCase() === 'meta' && VOLATILE_META.has(key.toLowerCase())) continue;
    kept[key] = withoutVolatile(child, key);
  }
  return kept;
}

/**
 * Compares what was recorded with what the target answered: the status, then the bodies as
 * JSON with volatile fields ignored and the target's ids turned back into the recorded ones.
 * Each difference is said in words, with the two values.
 */
export function compareResponses(
  recorded: { status: number; body: string | null },
  replayed: { status: number; body: string | null },
  ids: IdMap,
  /** The two bodies as parseBody read them, when the caller already has them. */
  parsed?: { recorded: ParsedBody; replayed: ParsedBody },
): ReplayDifference[] {
  const differences: ReplayDifference[] = [];
  if (recorded.status !== replayed.status) {
    differences.push({
      path: 'status',
      message: `status ${replayed.status}, recorded ${recorded.status}`,
      recorded: recorded.status,
      replayed: replayed.status,
    });
  }
  const before = parsed?.recorded ?? parseBody(recorded.body);
  const after = parsed?.replayed ?? parseBody(replayed.body);
  if (before.kind === 'text' || after.kind === 'text') {
    if ((recorded.body ?? '') !== (replayed.body ?? ''))
      differences.push({ path: 'body', message: 'the body differs (not JSON)', recorded: recorded.body, replayed: replayed.body });
    return differences;
  }
  const errors = { recorded: scimErrorOf(before.value), replayed: scimErrorOf(after.value) };
  if (errors.recorded || errors.replayed) {
    differences.push(...compareErrors(errors.recorded, errors.replayed, recorded.body, replayed.body));
    return differences;
  }
  const changes = diffDocuments(withoutVolatile(before.value), withoutVolatile(ids.toRecorded(after.value)));
  for (const change of changes) {
    const path = change.path || 'body';
    const message =
      change.kind === 'added'
        ? `${path} is in the answer, not in the recording`
        : change.kind === 'removed'
          ? `${path} is missing from the answer`
          : `${path} differs`;
    differences.push({
      path,
      message,
      ...(change.kind !== 'added' && { recorded: change.before }),
      ...(change.kind !== 'removed' && { replayed: change.after }),
    });
  }
  return differences;
}

interface ScimErrorParts {
  scimType?: unknown;
  detail?: unknown;
}

function scimErrorOf(value: unknown): ScimErrorParts | undefined {
  const schemas = (value as { schemas?: unknown } | null)?.schemas;
  return Array.isArray(schemas) && schemas.includes(ERROR_URN) ? (value as ScimErrorParts) : undefined;
}

/**
 * An error answer compared as the error it is (RFC 7644 §3.12: scimType and detail), not
 * attribute by attribute against a resource, which would list every attribute as missing.
 */
function compareErrors(
  recorded: ScimErrorParts | undefined,
  replayed: ScimErrorParts | undefined,
  recordedBody: string | null,
  replayedBody: string | null,
): ReplayDifference[] {
  const said = (error: ScimErrorParts) => [error.scimType, error.detail].filter((part) => typeof part === 'string' && part !== '').join(': ') || 'no detail';
  if (recorded && replayed) {
    return (['scimType', 'detail'] as const)
      .filter((key) => recorded[key] !== replayed[key])
      .map((key) => ({
        path: key,
        message: `${key} ${JSON.stringify(replayed[key])}, recorded ${JSON.stringify(recorded[key])}`,
        recorded: recorded[key],
        replayed: replayed[key],
      }));
  }
  if (replayed)
    return [{ path: 'body', message: `the answer is a SCIM error (${said(replayed)}), not the recorded body`, recorded: recordedBody, replayed: replayedBody }];
  return [{ path: 'body', message: `the recording is a SCIM error (${said(recorded!)}), the answer is not`, recorded: recordedBody, replayed: replayedBody }];
}

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ParsedBody = { kind: 'json'; value: unknown } | { kind: 'text' };

/** A body as JSON (an empty one as null), or marked as text that is not JSON. */
export function parseBody(body: string | null): ParsedBody {
  if (body === null || body === '') return { kind: 'json', value: null };
  try {
    return { kind: 'json', value: JSON.parse(body) };
  } catch {
    return { kind: 'text' };
  }
}
