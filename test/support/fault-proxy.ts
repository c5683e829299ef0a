import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpExchange } from '../../src/engine/client/http-exchange';

/** A request on its way to the server, as a planted fault sees and may change it. */
export interface ForwardedRequest {
  method: string;
  /** Path and query, as sent (`/w/x/scim/v2/Users?filter=...`). */
  url: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}

/** The server's answer on its way back. */
export interface ForwardedResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * One thing a SCIM server gets wrong, planted in front of a correct server. `breaks` names
 * exactly the checks that must fail because of it: no more (a check that fails for a fault it is
 * not about is a false alarm), no fewer (a check that cannot see its fault proves nothing).
 */
export interface PlantedFault {
  /** What the server gets wrong, in words (the test's name). */
  description: string;
  /** The check family (the id prefix before the dot) whose checks this fault proves can fail. */
  family: string;
  breaks: string[];
  /** The workspace's auth mode while the checks run against this fault (default bearer); the checks use the matching credentials. */
  workspaceAuth?: 'oauth';
  /** Changes the request before the server sees it, or returns an answer of its own instead. */
  request?(request: ForwardedRequest): ForwardedRequest | ForwardedResponse;
  /** Changes the server's answer. */
  response?(request: ForwardedRequest, response: ForwardedResponse): ForwardedResponse;
}

const isResponse = (value: ForwardedRequest | ForwardedResponse): value is ForwardedResponse => 'status' in value;

/** The path without the query and the service prefix (`/Users/abc`), for faults that match on it. */
export function resourcePath(request: ForwardedRequest): string {
  return request.url.split('?')[0]!.replace(/^.*\/scim\/v2/, '');
}

/** The query parameters of the request. */
export function queryOf(request: ForwardedRequest): URLSearchParams {
  return new URLSearchParams(request.url.split('?')[1] ?? '');
}

/** The JSON body, or undefined when there is none or it is not JSON. */
export function jsonOf(message: { body: string }): any {
  try {
    return message.body ? JSON.parse(message.body) : undefined;
  } catch {
    return undefined;
  }
}

/** The message with a new JSON body (content-length follows). */
export function withJson<T extends ForwardedRequest | ForwardedResponse>(message: T, body: unknown): T {
  return { ...message, body: JSON.stringify(body) };
}

/**
 * A reverse proxy on 127.0.0.1 that forwards everything to a real workbench and plants one fault
 * on the way. Hand-written rather than a proxy library: it must buffer whole bodies so a fault can
 * rewrite them, which is twenty lines on node:http.
 */
export async function startFaultProxy(targetOrigin: string, fault: PlantedFault): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((incoming, outgoing) => {
    void forward(incoming).then(
      (answer) => {
        const headers = { ...answer.headers };
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        delete headers['content-encoding'];
        outgoing.writeHead(answer.status, headers).end(answer.body);
      },
      (error: Error) => outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(`fault proxy: ${error.message}`),
    );
  });

  async function forward(incoming: IncomingMessage): Promise<ForwardedResponse> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(incoming.headers).map(([name, value]) => [name, [value].flat().join(', ')]));
    delete headers.host;
    delete headers.connection;
    delete headers['content-length'];
    const original: ForwardedRequest = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8') };
    const changed = fault.request ? fault.request(original) : original;
    if (isResponse(changed)) return changed;
    // node:http rather than fetch: a third of the CPU per forwarded request, and planted-faults forwards thousands.
    const response = await httpExchange(`${targetOrigin}${changed.url}`, {
      method: changed.method,
      headers: changed.headers,
      body: ['GET', 'HEAD'].includes(changed.method) || changed.body === '' ? undefined : changed.body,
      timeoutMs: 30_000,
    });
    const answer: ForwardedResponse = { status: response.status, headers: Object.fromEntries(response.headers), body: response.text };
    return fault.response ? fault.response(changed, answer) : answer;
  }

  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
