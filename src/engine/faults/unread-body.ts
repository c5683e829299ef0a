import type { FastifyRequest } from 'fastify';

/**
 * Reads the body of a request a fault answers in onRequest, before fastify would have read and parsed
 * it, into `request.body` as the text the client sent: the recording then keeps what was attempted (the
 * recorder redacts it like any body) and the exchange's detail and a replay show it. Nothing is
 * buffered beyond the route's body limit (a body over it is recorded as none and left for Node to
 * discard), nor for a request without a body or with an encoded one (gzip: not readable text).
 */
export async function readUnparsedBody(request: FastifyRequest): Promise<void> {
  const { headers } = request;
  const length = headers['content-length'];
  if ((length === undefined || length === '0') && headers['transfer-encoding'] === undefined) return;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return;
  const limit = request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit ?? 1024 * 1024;
  if (length !== undefined && Number(length) > limit) return;
  const text = await readText(request.raw, limit);
  if (text !== null) request.body = text;
}

/** The stream's text, or null when it runs past `limit`, fails, or ends early (the client went away). */
function readText(stream: FastifyRequest['raw'], limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (text: string | null) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onFailure);
      stream.off('close', onFailure);
      resolve(text);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit: what was kept is dropped, and the rest flows on unread.
      if (size > limit) finish(null);
      else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks).toString('utf8'));
    const onFailure = () => finish(null);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onFailure);
    stream.once('close', onFailure);
  });
}
