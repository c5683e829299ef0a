import { REDACTED, type HeaderList } from '../../shared/recording';

/**
 * Secrets never reach the recording, a session file or a HAR: they are replaced by REDACTED
 * before anything is written. What counts as a secret is by name, because a debugging tool must
 * keep everything else as the IdP sent it.
 */

/** Header names whose value is a secret; Authorization keeps its scheme so "Bearer" vs "Basic" stays visible. */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|api-?key|password/i;
/** JSON keys and query parameters whose value is a secret. */
const SECRET_KEY = /^password$|token|secret|api-?key/i;

export function redactHeaders(headers: Record<string, unknown>): HeaderList {
  const list: HeaderList = [];
  for (const [rawName, rawValue] of Object.entries(headers)) {
    if (rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    const value = Array.isArray(rawValue) ? rawValue.join(', ') : String(rawValue);
    list.push([name, SECRET_HEADER.test(name) ? redactHeaderValue(name, value) : value]);
  }
  return list;
}

function redactHeaderValue(name: string, value: string): string {
  if (name === 'authorization' || name === 'proxy-authorization') {
    const scheme = /^(\S+)\s+\S/.exec(value)?.[1];
    return scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  return REDACTED;
}

/** A quick look for a secret-named key, so bodies without one (nearly all) are not parsed. */
const MAY_HOLD_SECRET = /"[^"]*(password|token|secret|api-?key)[^"]*"\s*:/i;

/** A JSON body with secret-named keys redacted at any depth; text that is not JSON is kept as is. */
export function redactBody(text: string | null): string | null {
  if (text === null || text === '') return text === '' ? null : text;
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  const { value, changed } = redactValue(parsed);
  return changed ? JSON.stringify(value) : text;
}

function redactValue(value: unknown): { value: unknown; changed: boolean } {
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const result = redactValue(item);
      changed ||= result.changed;
      return result.value;
    });
    return { value: items, changed };
  }
  if (typeof value !== 'object' || value === null) return { value, changed: false };
  let changed = false;
  const output: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && item !== null && typeof item !== 'object') {
      output[key] = REDACTED;
      changed = true;
    } else {
      const result = redactValue(item);
      changed ||= result.changed;
      output[key] = result.value;
    }
  }
  return { value: output, changed };
}

/** A path with query parameters such as `access_token=` redacted. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question === -1) return url;
  const query = url.slice(question + 1).split('&').map((pair) => {
    const name = decodeSafely(pair.split('=')[0] ?? '');
    return SECRET_KEY.test(name) && pair.includes('=') ? `${pair.split('=')[0]}=${encodeURIComponent(REDACTED)}` : pair;
  });
  return `${url.slice(0, question)}?${query.join('&')}`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
