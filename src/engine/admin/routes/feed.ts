import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { FEED_BATCH_LIMIT, type FeedBatch } from '../../../shared/admin-api';
import type { RecordingStore } from '../../store/recordings';

/** How often the feed looks for new exchanges; an Okta import of 5,000 users arrives as ~20 batches a second at most 4 times. */
export const FEED_INTERVAL_MS = 250;
const HEARTBEAT_MS = 15_000;
const RECONNECT_MS = 1_000;

/**
 * GET /api/feed: new exchanges as server-sent events, in batches (event `exchanges`, data a
 * FeedBatch). SSE rather than a WebSocket: one direction is all the inspector needs, and it needs
 * no dependency. The feed reads the database, so exchanges recorded by another process (the CLI)
 * arrive too. A batch holds at most FEED_BATCH_LIMIT exchanges; when more have arrived, it says how
 * many it skipped and the inspector re-reads the list, so a burst never floods the UI.
 */
export const feedRoutes: FastifyPluginAsync<{ recordings: RecordingStore; intervalMs?: number }> = async (app, { recordings, intervalMs }) => {
  // A feed is a response that never ends, so the listener's close() would wait for every open tab
  // to go away (Ctrl-C on `serve` hung for minutes). Stopping ends them first; the tab's
  // EventSource then retries until the engine is back.
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.destroy();
  });
  app.get<{ Querystring: { since?: number } }>(
    '/feed',
    { config: { queryToken: true }, schema: { querystring: { type: 'object', properties: { since: { type: 'integer', minimum: 0 }, token: { type: 'string' } } } } },
    async (request, reply) => {
      let last = request.query.since ?? recordings.lastExchangeId();
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      open.add(stream);
      // The tab tries again a second after a drop (browsers wait about 3 s by default): a restart is that quick.
      stream.write(`retry: ${RECONNECT_MS}\n\n`);
      stream.write(`event: ready\ndata: ${JSON.stringify({ since: last })}\n\n`);

      const send = () => {
        const rows = recordings.exchangesAfter(last, FEED_BATCH_LIMIT + 1);
        if (rows.length === 0) return;
        const items = rows.slice(0, FEED_BATCH_LIMIT);
        let skipped = 0;
        if (rows.length > FEED_BATCH_LIMIT) {
          const newest = recordings.lastExchangeId();
          skipped = newest - items.at(-1)!.id;
          last = newest;
        } else {
          last = items.at(-1)!.id;
        }
        const batch: FeedBatch = { items, skipped };
        stream.write(`event: exchanges\ndata: ${JSON.stringify(batch)}\n\n`);
      };
      const poll = setInterval(() => {
        try {
          send();
        } catch (error) {
          request.log.error({ err: error }, 'live feed stopped');
          stream.end();
        }
      }, intervalMs ?? FEED_INTERVAL_MS);
      const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
      stream.on('close', () => {
        open.delete(stream);
        clearInterval(poll);
        clearInterval(heartbeat);
      });
    },
  );
};
