import type { RecordedExchange } from '../../shared/recording';
import { runnableRequest, type CopyOptions } from './runnable-request';

/**
 * An exchange's request as JavaScript for Node 18+ (or a console): a `fetch` call that prints the
 * status and the body. Every recorded part is a JSON string literal, which JavaScript reads as the
 * same text, so nothing in an imported file can become code. The token comes from the SCIM_TOKEN
 * environment variable, or in clear when the user asked for it.
 */
export function asFetch(exchange: Pick<RecordedExchange, 'request'>, options: CopyOptions = {}): string {
  const request = runnableRequest(exchange, options);
  const literal = (text: string) => JSON.stringify(text);
  const needsToken = request.headers.some((header) => !('value' in header));
  const headers = request.headers.map((header) => {
    if ('value' in header) return `    ${literal(header.name)}: ${literal(header.value)},`;
    const credential = header.basic ? `btoa(${literal(`${header.basic.username}:`)} + SCIM_TOKEN)` : 'SCIM_TOKEN';
    return `    ${literal(header.name)}: ${literal(header.prefix)} + ${credential},`;
  });
  return [
    ...(needsToken
      ? options.token === undefined
        ? [
            '// Set SCIM_TOKEN to the workspace token first (see Connection), e.g. SCIM_TOKEN=… node request.js',
            'const SCIM_TOKEN = process.env.SCIM_TOKEN;',
            "if (!SCIM_TOKEN) throw new Error('Set SCIM_TOKEN to the workspace token first (see Connection).');",
          ]
        : [`const SCIM_TOKEN = ${literal(options.token)};`]
      : []),
    `fetch(${literal(request.url)}, {`,
    `  method: ${literal(request.method)},`,
    '  headers: {',
    ...headers,
    '  },',
    ...(request.body === null ? [] : [`  body: ${literal(request.body)},`]),
    '}).then(async (response) => console.log(response.status, await response.text()));',
  ].join('\n');
}
