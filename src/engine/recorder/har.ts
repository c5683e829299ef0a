import { STATUS_CODES } from 'node:http';
import { importedChanges } from './imported-changes';
import type { Entry, Har, Header } from 'har-format';
import type { RecordedExchange } from '../../shared/recording';
import type { NewExchange } from '../store/recordings';
import { Type, type Static } from 'typebox';
import { isPlainObject } from '../../shared/json-values';
import { clientKind, fileCheck, FileParts } from './file-check';
import { checkAbsoluteUrl, checkHeader, checkMethod } from './http-syntax';
import { detectClient } from './detect-client';
import { redactUrl } from './redact';
import { redactExchange } from './redact-exchange';
import { importedInjected } from './imported-injected';
import { BUILT_IN_SECRETS, type SecretNames } from './secret-names';

/** What a HAR entry carries of the workbench beyond HTTP (HAR 1.2 allows custom fields starting with `_`). */
interface WorkbenchFields {
  client: RecordedExchange['client'];
  source: RecordedExchange['source'];
  operation: string;
  workspace: string;
  notes: RecordedExchange['notes'];
  changes: RecordedExchange['changes'];
  /** What a fault rule did to the exchange; absent when nothing. */
  injected?: RecordedExchange['injected'];
}
type WorkbenchEntry = Entry & { _scimWorkbench?: WorkbenchFields };

/**
 * A session as HAR 1.2, for Chrome DevTools, HTTP Toolkit and anything else that reads HAR. The
 * recording holds paths; the full URL takes its origin from the request's Host header.
 */
export function toHar(exchanges: readonly RecordedExchange[], meta: { creatorVersion: string; sessionName: string }): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: 'SCIM Workbench', version: meta.creatorVersion, comment: meta.sessionName },
      entries: exchanges.map(toHarEntry),
    },
  };
}

export function toHarEntry(exchange: RecordedExchange): WorkbenchEntry {
  const { request, response } = exchange;
  const url = entryUrl(request.url, headerOf(request.headers, 'host') ?? '127.0.0.1');
  const requestType = headerOf(request.headers, 'content-type');
  const responseType = headerOf(response.headers, 'content-type') ?? 'application/octet-stream';
  return {
    startedDateTime: exchange.startedAt,
    time: exchange.durationMs,
    request: {
      method: request.method,
      url: url.href,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: toHeaders(request.headers),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: request.body === null ? 0 : Buffer.byteLength(request.body),
      ...(request.body !== null && { postData: { mimeType: requestType ?? 'application/json', text: request.body } }),
    },
    response: {
      status: response.status,
      statusText: STATUS_CODES[response.status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: toHeaders(response.headers),
      content: {
        size: response.body === null ? 0 : Buffer.byteLength(response.body),
        mimeType: responseType,
        ...(response.body !== null && { text: response.body }),
      },
      redirectURL: headerOf(response.headers, 'location') ?? '',
      headersSize: -1,
      bodySize: response.body === null ? 0 : Buffer.byteLength(response.body),
    },
    cache: {},
    timings: { send: 0, wait: exchange.durationMs, receive: 0 },
    _scimWorkbench: {
      client: exchange.client,
      source: exchange.source,
      operation: exchange.operation,
      workspace: exchange.workspace,
      notes: exchange.notes,
      changes: exchange.changes,
      ...(exchange.injected && { injected: exchange.injected }),
    },
  };
}

const HarHeaders = Type.Array(Type.Object({ name: Type.String(), value: Type.String() }, { description: 'a {name, value} pair of strings' }), {
  description: 'a list of {name, value}',
});

/**
 * What an import needs of a HAR entry; the rest (timings, cookies, a body's encoding) is read
 * leniently or not at all, since HARs from browsers and proxies differ in it.
 */
const HarEntrySchema = FileParts.object({
  request: FileParts.object({ method: FileParts.nonEmptyText, url: FileParts.nonEmptyText, headers: Type.Optional(HarHeaders) }),
  response: FileParts.object({ status: FileParts.status, headers: Type.Optional(HarHeaders) }),
  startedDateTime: FileParts.time,
});

/** An entry as checked, with the HAR fields read leniently typed as HAR 1.2 has them. */
type ImportedEntry = Static<typeof HarEntrySchema> & Partial<WorkbenchEntry>;

const checkHar = fileCheck(FileParts.object({ log: FileParts.object({ entries: Type.Array(HarEntrySchema, { description: 'a list' }) }) }), 'The HAR file');

/**
 * Reads a HAR from anywhere. Entries keep the path and query of their URL; secrets are redacted
 * as the recorder would (a HAR saved from a browser carries Authorization headers, cookies and
 * sign-in forms), with `secrets` naming the workspaces' own. A method, URL or header that is not
 * HTTP refuses the whole file: it would be replayed and pasted into shells later. Errors name the
 * first thing wrong, e.g. "log.entries[3].request.method is missing".
 */
export function fromHar(input: unknown, secrets: SecretNames = BUILT_IN_SECRETS): Omit<NewExchange, 'sessionId'>[] {
  return checkHar(input).log.entries.map((entry, index) => fromEntry(entry as ImportedEntry, `log.entries[${index}]`, secrets));
}

function fromEntry(entry: ImportedEntry, at: string, secrets: SecretNames): Omit<NewExchange, 'sessionId'> {
  const { request, response } = entry;
  const method = checkMethod(request.method, `${at}.request.method`);
  let url: URL;
  try {
    url = new URL(request.url, 'http://127.0.0.1');
  } catch {
    throw new Error(`${at}.request.url is not a URL: ${JSON.stringify(redactUrl(request.url, secrets))}.`);
  }
  checkAbsoluteUrl(url, `${at}.request.url`);
  const workbench: Partial<WorkbenchFields> | undefined = isPlainObject(entry._scimWorkbench) ? entry._scimWorkbench : undefined;
  const postData = entry.request.postData as { text?: unknown } | undefined;
  const content = entry.response.content as { text?: unknown; encoding?: unknown } | undefined;
  const responseText = typeof content?.text === 'string' && content.encoding !== 'base64' ? content.text : null;
  const requestHeaders = fromHeaders(request.headers, `${at}.request.headers`);
  const redacted = redactExchange(
    {
      request: {
        method,
        url: `${url.pathname}${url.search}`,
        headers: requestHeaders,
        body: typeof postData?.text === 'string' ? postData.text : null,
      },
      response: { status: response.status, headers: fromHeaders(response.headers, `${at}.response.headers`), body: responseText },
      notes: Array.isArray(workbench?.notes) ? workbench.notes : [],
      changes: importedChanges(workbench?.changes, `${at}._scimWorkbench`),
    },
    secrets,
  );
  return {
    workspace: typeof workbench?.workspace === 'string' ? workbench.workspace : 'default',
    startedAt: new Date(entry.startedDateTime).toISOString(),
    durationMs: typeof entry.time === 'number' && entry.time >= 0 ? entry.time : 0,
    // A HAR of production traffic names no client of ours: its User-Agent does (Okta's and Entra's verdicts depend on it).
    client: workbench?.client === undefined ? detectClient({ userAgent: requestHeaders['user-agent'] }) : clientKind(workbench.client),
    source: workbench?.source === 'tunnel' ? 'tunnel' : 'local',
    operation: typeof workbench?.operation === 'string' ? redacted.scrub(workbench.operation) : `${method} ${url.pathname}`,
    request: redacted.request,
    response: redacted.response,
    notes: redacted.notes,
    changes: redacted.changes,
    ...withInjected(importedInjected(workbench?.injected, redacted.scrub)),
  };
}

const withInjected = (injected: RecordedExchange['injected']) => (injected ? { injected } : {});

/** The host HAR entries name when the recorded Host header is not one (a `.invalid` name never resolves, RFC 6761). */
export const INVALID_HOST_ORIGIN = 'http://invalid-host.invalid';

/**
 * The entry's full URL: the recording holds the request target, the origin comes from the Host
 * header. Anyone reaching the listener (through a tunnel, without a token) chooses that header, so
 * one that is no host name (`Host: a b`) must not make the export of the whole session fail: its
 * entry names INVALID_HOST_ORIGIN instead and the raw header stays in the entry's headers. The
 * target is appended to the origin, not resolved against it, so `//other.example/x` stays a path.
 */
function entryUrl(target: string, host: string): URL {
  const path = target.startsWith('/') ? target : `/${target}`;
  try {
    return new URL(`${originOf(host)}${path}`);
  } catch {
    // Unreachable with an origin from originOf (any path text parses after it); kept so no exchange can fail the export.
    return new URL(`${INVALID_HOST_ORIGIN}/`);
  }
}

/** The last few hosts' origins: a session has one or two, and parsing each entry's Host was a fifth of a HAR export. */
const origins = new Map<string, string>();

function originOf(host: string): string {
  let origin = origins.get(host);
  if (origin === undefined) {
    origin = parseOrigin(host);
    if (origins.size >= 16) origins.clear();
    origins.set(host, origin);
  }
  return origin;
}

function parseOrigin(host: string): string {
  try {
    const url = new URL(`http://${host}`);
    // `evil.example/path` or `user@host` parse, but are not a host and port.
    const hostOnly = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !/[/?#@]/.test(host);
    return hostOnly ? url.origin : INVALID_HOST_ORIGIN;
  } catch {
    return INVALID_HOST_ORIGIN;
  }
}

const toHeaders = (headers: RecordedExchange['request']['headers']): Header[] => headers.map(([name, value]) => ({ name, value }));

function fromHeaders(value: Static<typeof HarHeaders> | undefined, at: string): Record<string, string> {
  const headers: Record<string, string> = {};
  (value ?? []).forEach(({ name, value: text }, index) => {
    checkHeader(name, text, `${at}[${index}]`);
    const key = name.toLowerCase();
    headers[key] = key in headers ? `${headers[key]}, ${text}` : text;
  });
  return headers;
}

function headerOf(headers: RecordedExchange['request']['headers'], name: string): string | undefined {
  return headers.find(([key]) => key === name)?.[1];
}
