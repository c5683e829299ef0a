/**
 * What an imported request must look like before it is stored: an imported file is someone
 * else's text, and its method, URL and headers are later shown, replayed and pasted into a shell
 * ("Copy as cURL"). RFC 9110 §5.6.2 (token) and §5.5 (field values).
 */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible characters, spaces and tabs (and obs-text); no CR, LF or other control characters. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\uffff]*$/;
/** A request target as recorded: a path and query, printable ASCII without spaces. */
const REQUEST_PATH = /^\/[\x21-\x7e]*$/;

export function checkMethod(method: string, at: string): string {
  if (!TOKEN.test(method)) throw new Error(`${at} ${JSON.stringify(method)} is not an HTTP method (letters, digits and !#$%&'*+-.^_\`|~ only).`);
  return method.toUpperCase();
}

export function checkAbsoluteUrl(url: URL, at: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${at} must be an http or https URL; got ${JSON.stringify(url.protocol.replace(/:$/, ''))}.`);
}

export function checkRequestPath(path: string, at: string): string {
  if (!REQUEST_PATH.test(path)) throw new Error(`${at} must be a path starting with "/", without spaces or control characters.`);
  return path;
}

export function checkHeader(name: string, value: string, at: string): void {
  if (!TOKEN.test(name)) throw new Error(`${at} has a header name ${JSON.stringify(name)} that is not an HTTP token.`);
  if (!FIELD_VALUE.test(value)) throw new Error(`${at} has a value for "${name}" with a line break or control character.`);
}
