import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../../src/engine/scim/urns';
import type { RecordedExchange } from '../../../../src/shared/recording';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** The recorded response headers are the ones the client received: X-Workbench-Notes, Content-Length and Date included, for writes too. */
describe('recorded response headers', () => {
  let server: ScimTestServer;
  const recordedOf = (requestId: string): RecordedExchange => {
    server.app.workbench.recorder.flush();
    return server.app.workbench.recordings
      .listExchanges({ limit: 100 })
      .items.find((exchange) => exchange.response.headers.some(([name, value]) => name === 'x-request-id' && value === requestId))!;
  };
  beforeAll(async () => {
    server = await startScimServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a write (recorded inside its transaction) keeps the headers sent after it', async () => {
    const created = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'headers@example.com' });
    const patched = await server.request('PATCH', `/Users/${created.body.id}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'Replace', path: 'active', value: false }],
    });
    expect(patched.headers['x-workbench-notes']).toBeDefined();
    const headers = Object.fromEntries(recordedOf(patched.headers['x-request-id']!).response.headers);
    expect(headers['x-workbench-notes']).toBe(patched.headers['x-workbench-notes']);
    expect(headers['content-length']).toBe(patched.headers['content-length']);
    // Node stamps Date when it writes the head, after the write was recorded: the same second, or the next.
    expect(Math.abs(Date.parse(headers.date!) - Date.parse(patched.headers.date!))).toBeLessThanOrEqual(1000);
  });

  it('a read keeps Date too, and secrets stay redacted', async () => {
    const read = await server.request('GET', '/Users?count=1');
    const exchange = recordedOf(read.headers['x-request-id']!);
    const headers = Object.fromEntries(exchange.response.headers);
    expect(headers['content-length']).toBe(read.headers['content-length']);
    expect(Math.abs(Date.parse(headers.date!) - Date.parse(read.headers.date!))).toBeLessThanOrEqual(1000);
    expect(Object.fromEntries(exchange.request.headers).authorization).toBe('Bearer [redacted]');
  });
});
