import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FEED_BATCH_LIMIT, type FeedBatch } from '../../../shared/admin-api';
import { parseSearch } from '../../../shared/search/parse-search';
import { ExchangeSearch } from '../../search/exchange-search';
import type { SearchFilter } from '../../search/match-expression';
import type { SearchIndexer } from '../../search/search-indexer';
import { inThreadRunner } from '../../search/search-runner';
import type { RecordingStore } from '../../store/recordings';
import { QueryToken } from '../schema-parts';
import { searchQueryProperties } from './exchanges';
import type { FaultEngine } from '../../faults/fault-engine';
import { announceFaults } from '../../faults/feed-events';

/** How often the feed looks for new exchanges; an Okta import of 5,000 users arrives as ~20 batches a second at most 4 times. */
export const FEED_INTERVAL_MS = 250;
const HEARTBEAT_MS = 15_000;
const RECONNECT_MS = 1_000;

/**
 * The exchange id a feed goes on from: the `id` of the last event a browser reconnecting by itself
 * received (its EventSource sends it back as Last-Event-ID), else the tab's `since`, else now. An id
 * newer than the newest exchange (the engine restarted on another file, or the newest were deleted)
 * would pass over what is recorded next, so the feed starts from now instead.
 */
function feedStart(lastEventId: string | string[] | undefined, since: number | undefined, newest: number): number {
  const resumed = typeof lastEventId === 'string' && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : undefined;
  const from = resumed ?? since;
  return from !== undefined && from <= newest ? from : newest;
}

/**
 * GET /api/feed: new exchanges as server-sent events, in batches (event `exchanges`, data a
 * FeedBatch). SSE rather than a WebSocket: one direction is all the inspector needs, and it needs
 * no dependency. The feed reads the database, so exchanges recorded by another process (the CLI)
 * arrive too. A batch holds at most FEED_BATCH_LIMIT exchanges; when more have arrived, it says how
 * many it skipped and the inspector re-reads the list, so a burst never floods the UI.
 * It takes the list's search and scope (`q`, `session`, `workspace`, `hideConnectionTests`) and sends
 * only the new exchanges they match, found by the same query as the list (search/exchange-search.ts).
 */
export const feedRoutes: FastifyPluginAsyncTypebox<{ recordings: RecordingStore; indexer: SearchIndexer; intervalMs?: number; faults?: FaultEngine }> = async (
  app,
  { recordings, indexer, intervalMs, faults },
) => {
  // A feed is a response that never ends, so the listener's close() would wait for every open tab
  // to go away (Ctrl-C on `serve` hung for minutes). Stopping ends them first; the tab's
  // EventSource then retries until the engine is back.
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.destroy();
  });
  // A poll reads a few rows by id: quick enough for the engine's own connection.
  const search = new ExchangeSearch(recordings.connection, inThreadRunner(recordings.connection), indexer);
  app.get(
    '/feed',
    {
      config: { queryToken: true },
      schema: { querystring: Type.Object({ ...searchQueryProperties, since: Type.Optional(Type.Integer({ minimum: 0 })), token: QueryToken }) },
    },
    async (request, reply) => {
      const query = request.query;
      const filter: SearchFilter = {
        search: parseSearch(query.q ?? ''),
        session: query.session,
        workspace: query.workspace,
        hideConnectionTests: query.hideConnectionTests,
      };
      let last = feedStart(request.headers['last-event-id'], query.since, recordings.lastExchangeId());
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      open.add(stream);
      // The tab tries again a second after a drop (browsers wait about 3 s by default): a restart is that quick.
      stream.write(`retry: ${RECONNECT_MS}\n\n`);
      stream.write(`event: ready\nid: ${last}\ndata: ${JSON.stringify({ since: last })}\n\n`);

      const send = () => {
        // Up to the newest id read first: an exchange recorded meanwhile waits for the next poll, none
        // is passed over. A search of the index stops where the indexer has reached (`through`).
        const newest = recordings.lastExchangeId();
        if (newest <= last) return;
        const { items, total, through } = search.newMatches(filter, last, newest, FEED_BATCH_LIMIT);
        last = through;
        if (total === 0) return;
        const batch: FeedBatch = { items, skipped: total - items.length };
        stream.write(`event: exchanges\nid: ${last}\ndata: ${JSON.stringify(batch)}\n\n`);
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
      // The chaos lab's events (shared/faults.ts): held and released exchanges, and rule changes for the banner.
      const stopFaultEvents = faults && announceFaults(faults, (event, data) => stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      stream.on('close', () => {
        stopFaultEvents?.();
        open.delete(stream);
        clearInterval(poll);
        clearInterval(heartbeat);
      });
    },
  );
};
