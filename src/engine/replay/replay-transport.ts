import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface TransportAnswer {
  status: number;
  text: string;
}

/** Thrown when no answer arrived within the request's time: named as fetch's AbortSignal.timeout names it. */
export class TransportTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

class StaleConnectionError extends Error {}

/** Set by the transport from the body it sends; a recorded or edited value would be wrong after ids are rewritten. */
const OWN_HEADERS = ['content-length', 'transfer-encoding', 'host', 'connection'];

/**
 * A replay's requests, sent over kept-alive connections (one per scheme, or one per request a
 * concurrent replay has in flight) with node:http(s). Not fetch: undici's fetch took ~1.5 ms of CPU per request in the bench's profile
 * (request cloning, body streams, two writes per request), more than the target took to answer,
 * which held a replay near 150 exchanges/s. Close it when the replay ends, so its idle
 * connection does not keep the process alive.
 */
export class ReplayTransport {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  constructor(connections = 1) {
    this.http = new HttpAgent({ keepAlive: true, maxSockets: connections });
    this.https = new HttpsAgent({ keepAlive: true, maxSockets: connections });
  }

  async send(url: string, init: TransportRequest): Promise<TransportAnswer> {
    try {
      return await this.sendOnce(url, init);
    } catch (error) {
      // The target closed the kept-alive connection while it was idle (a pause between steps longer
      // than its keep-alive timeout): the request never reached it, so it is sent once more on a new one.
      if (!(error instanceof StaleConnectionError)) throw error;
      return await this.sendOnce(url, init);
    }
  }

  private sendOnce(url: string, init: TransportRequest): Promise<TransportAnswer> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const headers: OutgoingHttpHeaders = { ...init.headers };
      for (const name of OWN_HEADERS) delete headers[name];
      const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
      if (body) headers['content-length'] = body.byteLength;
      const request = (secure ? httpsRequest : httpRequest)(target, { method: init.method, headers, agent: secure ? this.https : this.http });
      const timer = setTimeout(() => request.destroy(new TransportTimeoutError(`no answer within ${init.timeoutMs} ms`)), init.timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      request.on('error', (error: NodeJS.ErrnoException) =>
        fail(request.reusedSocket && error.code === 'ECONNRESET' ? new StaleConnectionError(error.message, { cause: error }) : error),
      );
      request.on('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          // As fetch's text(): UTF-8, a leading byte order mark dropped.
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks)
              .toString('utf8')
              .replace(/^\uFEFF/, ''),
          });
        });
      });
      request.end(body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
