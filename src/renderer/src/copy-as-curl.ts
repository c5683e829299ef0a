import type { RecordedExchange } from '../../shared/recording';
import { runnableRequest, type CopyOptions } from './runnable-request';

/** Said where the token goes when the command reads it from the shell: running it unset stops with this message. */
export const SHELL_TOKEN = '"${SCIM_TOKEN:?set SCIM_TOKEN to the workspace token first, see Connection}"';

/**
 * An exchange's request as a cURL command line for a POSIX shell. Every recorded part is
 * single-quoted: an imported file's method, path, headers and body are someone else's text, and
 * `$(…)`, backticks or a quote in them must reach curl as text, never run. Only the token is
 * expanded, from the SCIM_TOKEN variable, inside double quotes (so its value is never re-read by the
 * shell) — or put in clear, single-quoted, when the user asked for it. The body goes through
 * `--data-raw`, since `--data @file` would read a local file; `--globoff` keeps a filter's `[` `]`
 * `{` `}` from being curl URL patterns, `--path-as-is` keeps `..` segments as recorded.
 */
export function asCurl(exchange: Pick<RecordedExchange, 'request'>, options: CopyOptions = {}): string {
  const request = runnableRequest(exchange, options);
  const token = options.token === undefined ? SHELL_TOKEN : shellQuote(options.token);
  const headers = request.headers.flatMap((header) => {
    if ('value' in header) return ['-H', shellQuote(`${header.name}: ${header.value}`)];
    if (header.basic) return ['--user', `${shellQuote(`${header.basic.username}:`)}${token}`];
    return ['-H', `${shellQuote(`${header.name}: ${header.prefix}`)}${token}`];
  });
  const body = request.body === null ? [] : ['--data-raw', shellQuote(request.body)];
  return ['curl', '--globoff', '--path-as-is', '-X', shellQuote(request.method), shellQuote(request.url), ...headers, ...body].join(' ');
}

/** POSIX single quoting: nothing between quotes is special but the quote itself, which closes, is escaped and reopens. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
