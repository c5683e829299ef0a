import type { RecordedExchange } from '../../shared/recording';

/**
 * An exchange's request as a cURL command line for a POSIX shell. Every part is single-quoted:
 * an imported file's method, path, headers and body are someone else's text, and `$(…)`, backticks
 * or a quote in them must reach curl as text, never run. The body goes through `--data-raw`, since
 * `--data @file` would read a local file; a header whose name is not an HTTP token (`@file` again)
 * or whose value breaks a line is left out. Secrets stay redacted: the user adds their token.
 */
export function asCurl(exchange: Pick<RecordedExchange, 'request'>): string {
  const { request } = exchange;
  const hostHeader = request.headers.find(([name]) => name === 'host')?.[1];
  const host = hostHeader !== undefined && HOST.test(hostHeader) ? hostHeader : '127.0.0.1';
  const path = request.url.startsWith('/') ? request.url : `/${request.url}`;
  const headers = request.headers
    .filter(([name, value]) => !LEFT_TO_CURL.includes(name) && TOKEN.test(name) && FIELD_VALUE.test(value))
    .flatMap(([name, value]) => ['-H', shellQuote(`${name}: ${value}`)]);
  const body = request.body === null ? [] : ['--data-raw', shellQuote(request.body)];
  return ['curl', '-X', shellQuote(request.method), shellQuote(`http://${host}${path}`), ...headers, ...body].join(' ');
}

/** POSIX single quoting: nothing between quotes is special but the quote itself, which closes, is escaped and reopens. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** curl sets these itself from the URL and the body. */
const LEFT_TO_CURL = ['host', 'content-length', 'connection'];
/** A host name, IPv4 or [IPv6] address and an optional port: nothing that could move the URL elsewhere (`/`, `@`, `?`, `#`). */
const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;
/** RFC 9110 §5.6.2. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 §5.5: no CR, LF or other control characters. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\uffff]*$/;
