import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ScimError } from '../../scim/errors';

/** Bodies nested deeper than this are refused before any code walks them recursively. */
export const MAX_JSON_DEPTH = 64;

/**
 * Reads `application/scim+json` (RFC 7644 §3.1) and `application/json` bodies with
 * fastify's own JSON parser (prototype-poisoning checks included), then bounds their
 * nesting. Any failure becomes a SCIM `invalidSyntax` error; any other media type, a 415.
 */
export const scimJson = fp(
  async function scimJson(app: FastifyInstance) {
    const parseScimJson = scimJsonParser(app);
    // Only JSON is SCIM: dropping fastify's other built-in parser (text/plain) makes any
    // other Content-Type a 415, instead of a string body that fails validation as a 400.
    // (The SCIM API reads unlabelled JSON in the modes that accept it: unlabelled-json.ts.)
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(['application/json', 'application/scim+json'], { parseAs: 'string' }, (request, body, done) =>
      parseScimJson(request, body as string, done),
    );
  },
  { name: 'scim-json' },
);

export type ScimJsonParser = (request: FastifyRequest, text: string, done: (error: Error | null, body?: unknown) => void) => void;

/**
 * Parses a body's text as SCIM JSON: empty is no body; broken, poisoned or too deep JSON is
 * `invalidSyntax`; a body in another charset than UTF-8, or compressed, is a 415 (see unreadableBytes).
 */
export function scimJsonParser(app: FastifyInstance): ScimJsonParser {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  return (request, text, done) => {
    const refusal = unreadableBytes(request, text);
    if (refusal) return done(refusal, undefined);
    if (text.trim() === '') return done(null, undefined);
    parseJson(request, text, (error, value) => {
      if (error) return done(ScimError.badRequest('invalidSyntax', describeJsonError(text)), undefined);
      if (depthOf(value) > MAX_JSON_DEPTH) {
        return done(ScimError.badRequest('invalidSyntax', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
      }
      done(null, value);
    });
  };
}

/** `charset=…` of a Content-Type, quoted or not (RFC 9110 §8.3.2). */
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;
const UTF8 = new Set(['utf-8', 'utf8']);
/** Printable ASCII and JSON's whitespace: no NUL, so a UTF-16 body (ASCII with NULs between) is not taken for it. */
const PLAIN_ASCII = /^[\t\n\r\x20-\x7e]*$/;

/**
 * The 415 for a body fastify would read as UTF-8 text though it is not: JSON between systems is
 * UTF-8 (RFC 8259 §8.1), and read as UTF-8 a Latin-1 `é` would be stored as U+FFFD and a UTF-16 or
 * gzip body would fail as "not valid JSON", sending the reader after the wrong fault.
 */
function unreadableBytes(request: FastifyRequest, text: string): ScimError | undefined {
  const encoding = request.headers['content-encoding']?.trim();
  if (encoding && encoding.toLowerCase() !== 'identity') {
    return new ScimError(415, undefined, `Content-Encoding "${encoding.slice(0, 40)}" is not supported: send the request body uncompressed.`);
  }
  const match = CHARSET.exec(request.headers['content-type'] ?? '');
  const charset = match?.[1] ?? match?.[2];
  // Plain ASCII reads the same in UTF-8 and in the charsets clients label it with (ISO-8859-1 by Java's default).
  if (charset !== undefined && !UTF8.has(charset.toLowerCase()) && !PLAIN_ASCII.test(text)) {
    return new ScimError(415, undefined, `Content-Type charset "${charset.slice(0, 40)}" is not supported: send the JSON body in UTF-8 (RFC 8259 §8.1).`);
  }
  return undefined;
}

/** Iterative, so that measuring a hostile body cannot itself overflow the stack. */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** fastify's parser reports a generic message; say where the JSON breaks, which is what a person needs. */
function describeJsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (syntaxError) {
    return `The request body is not valid JSON: ${(syntaxError as Error).message}.`;
  }
  // It parsed, so fastify refused it for the only other reason it has: a prototype-poisoning
  // key. Its own message ("Body is not valid JSON") would send the reader looking for a typo.
  return 'The request body was refused: it has a "__proto__" or "constructor.prototype" key, which could alter objects on the server.';
}
