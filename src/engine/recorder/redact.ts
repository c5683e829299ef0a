import { REDACTED, type HeaderList, type ResourceChange } from '../../shared/recording';
import type { FoundSecrets } from './found-secrets';
import { redactFilter } from './redact-filter';
import { BUILT_IN_SECRETS, type SecretNames } from './secret-names';
import { documentText, rememberDocumentText } from '../store/document-text';

/**
 * Secrets never reach the recording, a session file or a HAR: they are replaced by REDACTED
 * before anything is written. What counts as a secret is listed in secret-names.ts (by name, and
 * by the workspace's schemas); everything else is kept byte for byte as the IdP sent it, because
 * this is a debugging tool. Each function takes the workspace's SecretNames (the default knows
 * the built-in schemas only) and, optionally, a FoundSecrets that collects the values it redacted
 * from bodies and URLs (the server quotes those back in errors; it never echoes a header).
 */

export function redactHeaders(headers: Record<string, unknown>, secrets: SecretNames = BUILT_IN_SECRETS): HeaderList {
  const list: HeaderList = [];
  for (const [rawName, rawValue] of Object.entries(headers)) {
    if (rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    const value = Array.isArray(rawValue) ? rawValue.join(', ') : String(rawValue);
    list.push([name, secrets.isSecret(name, 'header') ? redactHeaderValue(name, value) : value]);
  }
  return list;
}

/** Authorization keeps its scheme, so "Bearer" vs "Basic" stays visible. */
function redactHeaderValue(name: string, value: string): string {
  if (name === 'authorization' || name === 'proxy-authorization') {
    const scheme = /^(\S+)\s+\S/.exec(value)?.[1];
    return scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  return REDACTED;
}

/**
 * A body with its secrets redacted: JSON (keys, PATCH `path`/`value` pairs, filters), form-encoded
 * fields, or — for JSON too broken to parse — the values of secret keys found by pattern.
 */
export function redactBody(text: string | null, secrets: SecretNames = BUILT_IN_SECRETS, found?: FoundSecrets): string | null {
  if (text === null || text === '') return text === '' ? null : text;
  if (looksLikeJson(text)) {
    // Nearly every SCIM body names no secret: it is not parsed at all.
    if (!secrets.mayMention(text)) return text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return redactBrokenJson(text, secrets, found);
    }
    const { value, changed } = redactValue(parsed, secrets, found);
    return changed ? JSON.stringify(value) : text;
  }
  if (FORM.test(text)) return redactPairs(text, secrets, '+', found);
  return redactFilter(text, secrets, found);
}

/** A path with secret query parameters (`access_token=`, `pw=`, `code=`) and filter comparisons (`password eq "…"`) redacted. */
export function redactUrl(url: string, secrets: SecretNames = BUILT_IN_SECRETS, found?: FoundSecrets): string {
  const question = url.indexOf('?');
  if (question === -1) return url;
  return `${url.slice(0, question)}?${redactPairs(url.slice(question + 1), secrets, '%20', found)}`;
}

/** Free text that may quote a filter, such as an imported exchange's operation ("looked up users where …"). */
export function redactText(text: string, secrets: SecretNames = BUILT_IN_SECRETS): string {
  return redactFilter(text, secrets);
}

/**
 * A resource version's documents with secrets redacted. They never hold a password (the normaliser
 * drops writeOnly attributes), but an extension attribute declared `returned: never`, an unknown
 * secret-named one, or whatever an imported file put there might.
 */
export function redactChange(change: ResourceChange, secrets: SecretNames = BUILT_IN_SECRETS): ResourceChange {
  const redact = <T>(document: T): T => {
    if (document === null || typeof document !== 'object') return document;
    const text = documentText(document);
    if (secrets.mayMention(text)) return redactValue(document, secrets).value as T;
    // Written next, unchanged: the store takes this text rather than making it again.
    rememberDocumentText(document, text);
    return document;
  };
  return { ...change, before: redact(change.before), after: redact(change.after) };
}

function looksLikeJson(text: string): boolean {
  const first = /\S/.exec(text)?.[0];
  return first === '{' || first === '[' || first === '"';
}

/** `name=value&name=value`, nothing else: a form body (OAuth token requests, sign-in forms in a browser's HAR). */
const FORM = /^[^\s=&]+=[^\s&]*(?:&[^\s=&]+(?:=[^\s&]*)?)*$/;

/** Query or form pairs with secret fields redacted; other pairs are kept byte for byte. */
function redactPairs(query: string, secrets: SecretNames, space: string, found?: FoundSecrets): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const rawName = pair.slice(0, equals);
      const name = decodeSafely(rawName);
      if (secrets.isSecret(name, 'query')) {
        found?.add(decodeSafely(pair.slice(equals + 1)));
        return `${rawName}=${encodeURIComponent(REDACTED)}`;
      }
      if (name.toLowerCase() !== 'filter') return pair;
      const filter = decodeSafely(pair.slice(equals + 1));
      const redacted = redactFilter(filter, secrets, found);
      return redacted === filter ? pair : `${rawName}=${encodeURIComponent(redacted).replace(/%20/g, space)}`;
    })
    .join('&');
}

/** Keys whose string value may quote a filter: a /.search body's filter, a PATCH path's value filter, an error's detail. */
const FILTER_KEYS = new Set(['filter', 'path', 'detail']);

function redactValue(value: unknown, secrets: SecretNames, found?: FoundSecrets): { value: unknown; changed: boolean } {
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const result = redactValue(item, secrets, found);
      changed ||= result.changed;
      return result.value;
    });
    return { value: items, changed };
  }
  if (typeof value !== 'object' || value === null) return { value, changed: false };
  let changed = false;
  const output: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // A secret-named object of flags only is a setting, not a secret (ServiceProviderConfig's
    // `changePassword: {"supported": true}`); a schema's `returned: never` value is blanked whole, whatever it holds.
    if (item !== null && secrets.isSecretPath(key) && (!onlyFlags(item) || secrets.isDeclaredPath(key))) {
      collect(item, found);
      output[key] = REDACTED;
      changed = true;
    } else if (typeof item === 'string' && FILTER_KEYS.has(key.toLowerCase())) {
      output[key] = redactFilter(item, secrets, found);
      changed ||= output[key] !== item;
    } else {
      const result = redactValue(item, secrets, found);
      changed ||= result.changed;
      output[key] = result.value;
    }
  }
  // A PATCH operation on a secret attribute: `{"op":"replace","path":"password","value":"…"}`.
  const pathKey = Object.keys(output).find((key) => key.toLowerCase() === 'path');
  const path = pathKey === undefined ? undefined : (value as Record<string, unknown>)[pathKey];
  if (typeof path === 'string' && secrets.isSecretPath(path)) {
    for (const key of Object.keys(output)) {
      if (key.toLowerCase() === 'value' && output[key] !== null) {
        collect(output[key], found);
        output[key] = REDACTED;
        changed = true;
      }
    }
  }
  return { value: output, changed };
}

/** Every string and number in a redacted value, for FoundSecrets. */
function collect(value: unknown, found: FoundSecrets | undefined): void {
  if (!found) return;
  if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) collect(item, found);
  else found.add(value);
}

/** An object or list whose every leaf is true, false or null. */
function onlyFlags(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).every((item) => item === null || typeof item === 'boolean' || onlyFlags(item));
}

/**
 * JSON that does not parse (the server answered 400) still goes into the recording as sent, so
 * its secrets are found by pattern: the value after a secret key, and — since a PATCH path may
 * name a secret — the value of every `value` key. Over-redacting a broken body costs little.
 */
function redactBrokenJson(text: string, secrets: SecretNames, found?: FoundSecrets): string {
  const patchesSecret = /"path"\s*:\s*"([^"]*)"/gi;
  let namesSecretPath = false;
  for (const match of text.matchAll(patchesSecret)) namesSecretPath ||= secrets.isSecretPath(match[1]!);
  // A key's opening quote never follows a backslash; without that, a run of `\"` is rescanned from each quote.
  const keyed = text.replace(/(?<!\\)"((?:[^"\\]|\\.)*)"(\s*:\s*)("(?:[^"\\]|\\.)*"?|[^\s,}\]]+)/g, (whole, key: string, colon: string, item: string) => {
    if (item === 'null' || !(secrets.isSecretPath(key) || (namesSecretPath && key.toLowerCase() === 'value'))) return whole;
    found?.add(item.replace(/^"|"$/g, ''));
    return `"${key}"${colon}"${REDACTED}"`;
  });
  return redactFilter(keyed, secrets, found);
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
