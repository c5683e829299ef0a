/**
 * What an imported request must look like before it is stored: an imported file is someone
 * else's text, and its method, URL and headers are later shown, replayed and pasted into a shell
 * ("Copy as cURL"). RFC 9110 §5.6.2 (token) and §5.5 (field values).
 */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible characters, spaces and tabs (and obs-text); no CR, LF or other control characters. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\uffff]*$/;
/**
 * A session file's request URL: a path as recorded, or an http(s) URL (hand-made files; the replay
 * takes its path, even from one the URL parser refuses). No control characters in either.
 */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const REQUEST_TARGET = /^(?:\/|https?:\/\/)[^\x00-\x1f\x7f]*$/i;

export function checkMethod(method: string, at: string): string {
  if (!TOKEN.test(method)) throw new Error(`${at} ${JSON.stringify(method)} is not an HTTP method (letters, digits and !#$%&'*+-.^_\`|~ only).`);
  return method.toUpperCase();
}

export function checkAbsoluteUrl(url: URL, at: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${at} must be an http or https URL; got ${JSON.stringify(url.protocol.replace(/:$/, ''))}.`);
}

export function checkRequestTarget(target: string, at: string): string {
  if (!REQUEST_TARGET.test(target)) throw new Error(`${at} must be a path starting with "/" or an http(s) URL, without line breaks or control characters.`);
  return target;
}

export function checkHeader(name: string, value: string, at: string): void {
  if (!TOKEN.test(name)) throw new Error(`${at} has a header name ${JSON.stringify(name)} that is not an HTTP token.`);
  if (!FIELD_VALUE.test(value)) throw new Error(`${at} has a value for "${name}" with a line break or control character.`);
}
