import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/**
 * One request and its whole answer over node:http(s), for clients that send many small requests in
 * a row (a conformance check: hundreds). fetch cost about three times the CPU per request (its
 * streams, Request/Response objects and abort signals), most of a local check run's own time.
 * Keeps fetch's behaviour where a target can tell: redirects are not followed, a gzip/deflate/br
 * answer is decoded, the text is UTF-8 without a leading BOM, and the ports the Fetch standard
 * blocks are refused before connecting, with the same `bad port` error fetch gives.
 */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** A request that did not get through: `cause` is the socket's error (its `code`), as fetch's TypeError has it. */
export class HttpFailure extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = (options.cause as Error | undefined)?.name === 'TimeoutError' ? 'TimeoutError' : 'HttpFailure';
  }
}

// Connections are kept between requests as fetch's global pool does; idle ones do not hold the process open.
const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

/** The Fetch standard's bad ports (https://fetch.spec.whatwg.org/#port-blocking), which fetch never connects to. */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137,
  139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

export function httpExchange(url: string, init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<HttpAnswer> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return Promise.reject(new HttpFailure('fetch failed', { cause: new Error('unknown scheme') }));
  if (target.port !== '' && BAD_PORTS.has(Number(target.port))) return Promise.reject(new HttpFailure('fetch failed', { cause: new Error('bad port') }));
  const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
  const headers: Record<string, string | number> = { 'accept-encoding': 'gzip, deflate, br', ...init.headers };
  if (body) headers['content-length'] = body.length;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(new HttpFailure('fetch failed', { cause: error }));
    };
    const request = (target.protocol === 'https:' ? https : http).request(target, {
      method: init.method,
      headers,
      agent: target.protocol === 'https:' ? httpsAgent : httpAgent,
    });
    // The whole exchange, answer body included, within the time (fetch's AbortSignal.timeout).
    const timer = setTimeout(() => {
      const timeout = new Error(`no answer within ${init.timeoutMs / 1000} s`);
      timeout.name = 'TimeoutError';
      fail(timeout);
    }, init.timeoutMs);
    request.on('error', fail);
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      const decoded = init.method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304 ? response : decode(response);
      decoded.on('data', (chunk: Buffer) => chunks.push(chunk));
      decoded.on('error', fail);
      response.on('error', fail);
      decoded.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: headersOf(response.rawHeaders), text: new TextDecoder().decode(Buffer.concat(chunks)) });
      });
    });
    request.end(body);
  });
}

function decode(response: IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(createGunzip());
  if (encoding === 'deflate') return response.pipe(createInflate());
  if (encoding === 'br') return response.pipe(createBrotliDecompress());
  return response;
}

function headersOf(raw: string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}
