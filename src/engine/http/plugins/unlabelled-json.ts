import type { FastifyInstance, FastifyRequest } from 'fastify';
import { acceptsHabit, type CompatibilityMode } from '../../compat/modes';
import { ScimError } from '../../scim/errors';
import { scimJsonParser } from './scim-json';

/** Labels some clients put on a JSON body instead of a JSON media type. */
const TEXT_LABELS = new Set(['text/json', 'text/plain']);

/**
 * Every body the JSON parsers (scim-json.ts) do not take lands here, on the SCIM API only (an
 * encapsulated catch-all, so unknown routes still answer 404): a body without Content-Type,
 * or labelled text/json or text/plain, is read as JSON where the workspace's mode accepts the
 * `missingContentType` habit (Okta's Runscope SPEC-test export sends its user POSTs unlabelled)
 * and noted; anything else is a 415 whose detail says what this workspace reads.
 * The body is read (within the body limit) before it is judged: fastify's own reader keeps the
 * limit and length checks, which a hand-written stream reader would have to repeat.
 */
export async function unlabelledJson(app: FastifyInstance) {
  const parseScimJson = scimJsonParser(app);
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    const notes = request.scim?.notes;
    const mode: CompatibilityMode = notes?.mode ?? 'strict';
    const label = labelOf(request);
    if (!notes || label === undefined || !acceptsHabit(mode, 'missingContentType')) return done(unsupportedMediaType(request, mode), undefined);
    // Nothing to read: answered as a body-less request is, and nothing was normalised.
    if (text.trim() === '') return done(null, undefined);
    parseScimJson(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const what = label === 'none' ? 'without a Content-Type' : `labelled ${label}`;
      notes.acceptHabit('missingContentType', `JSON body sent ${what}, read as application/scim+json`);
      done(null, value);
    });
  });
}

/** `none` for a missing header, the media type for a text label read as JSON; undefined for any other type. */
function labelOf(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  if (header === undefined) return 'none';
  const mediaType = header.split(';')[0]!.trim().toLowerCase();
  return TEXT_LABELS.has(mediaType) ? mediaType : undefined;
}

/** RFC 7644 §3.12 has no scimType for this; the detail names what was sent and what this workspace reads. */
export function unsupportedMediaType(request: FastifyRequest, mode: CompatibilityMode): ScimError {
  const header = request.headers['content-type'];
  const sent = header === undefined ? 'The request has no Content-Type' : `Content-Type "${header.slice(0, 100)}" is not supported`;
  const alsoRead = acceptsHabit(mode, 'missingContentType')
    ? ` (compatibility "${mode}" also reads JSON sent as text/json, text/plain or without a Content-Type)`
    : ` (compatibility "${mode}" reads no other label, as RFC 7644 §3.1 asks)`;
  return new ScimError(415, undefined, `${sent}: send the body as application/scim+json or application/json${alsoRead}.`);
}
