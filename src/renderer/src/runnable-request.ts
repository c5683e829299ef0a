import { REDACTED, type RecordedExchange } from '../../shared/recording';

/** Where a copied request goes and whose credentials it carries. */
export interface CopyOptions {
  /** `http://127.0.0.1:8787`: the workbench's own SCIM listener. Without it, the recorded Host (when it is a plain host). */
  origin?: string;
  /** Put the token in the command in clear (the user asked for it); otherwise the command reads SCIM_TOKEN. */
  token?: string;
  /** The workspace's Basic username, for a request recorded as `Authorization: Basic [redacted]`. */
  basicUsername?: string;
}

/** A recorded header, or the credential the recorder redacted: sent again with the token after `prefix`. */
export type RunnableHeader = { name: string; value: string } | { name: string; prefix: string; basic?: { username: string } };

/** A recorded request made sendable again: a URL curl and fetch accept, the headers worth sending, the credential to fill in. */
export interface RunnableRequest {
  method: string;
  url: string;
  headers: RunnableHeader[];
  body: string | null;
}

export function runnableRequest(exchange: Pick<RecordedExchange, 'request'>, options: CopyOptions = {}): RunnableRequest {
  const { request } = exchange;
  const hostHeader = request.headers.find(([name]) => name === 'host')?.[1];
  const origin = options.origin ?? `http://${hostHeader !== undefined && HOST.test(hostHeader) ? hostHeader : '127.0.0.1'}`;
  const path = request.url.startsWith('/') ? request.url : `/${request.url}`;
  const headers: RunnableHeader[] = [];
  for (const [name, value] of request.headers) {
    if (LEFT_TO_CLIENT.includes(name) || !TOKEN.test(name) || !FIELD_VALUE.test(value)) continue;
    const scheme = /^(\S+) \[redacted\]$/.exec(value)?.[1];
    if (name === 'authorization' && scheme !== undefined) {
      const basic = scheme.toLowerCase() === 'basic';
      headers.push({ name: 'Authorization', prefix: `${scheme} `, ...(basic && { basic: { username: options.basicUsername ?? 'scim' } }) });
    } else if (value === REDACTED && !NOT_THE_TOKEN.includes(name)) {
      // A custom auth header (auth mode `header`): its value was the workspace's token.
      headers.push({ name, prefix: '' });
    } else if (!value.includes(REDACTED)) {
      headers.push({ name, value });
    }
  }
  return { method: request.method, url: `${origin.replace(/\/+$/, '')}${path}`, headers, body: request.body };
}

/** Set by curl and fetch themselves from the URL and the body, or meaningless on another connection. */
const LEFT_TO_CLIENT = ['host', 'content-length', 'connection', 'transfer-encoding', 'accept-encoding'];
/** Redacted secrets that are not the workspace's token: a copied command cannot know them. */
const NOT_THE_TOKEN = ['cookie', 'proxy-authorization', 'set-cookie'];
/** A host name, IPv4 or [IPv6] address and an optional port: nothing that could move the URL elsewhere (`/`, `@`, `?`, `#`). */
const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;
/** RFC 9110 §5.6.2. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 §5.5: no CR, LF or other control characters. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\uffff]*$/;
