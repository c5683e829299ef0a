import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultRuleInput } from '../../../../src/shared/faults';
import type { RecordedExchange } from '../../../../src/shared/recording';
import { REDACTED } from '../../../../src/shared/recording';
import { URN } from '../../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * A request a fault answers before the engine sees it (a status, a time-out, a dropped connection) is
 * recorded with the body the client sent, secrets redacted, so its detail and a replay show what was attempted.
 */
const BODY_LIMIT = 64 * 1024;
let scim: ScimTestServer;
beforeAll(async () => {
  scim = await startScimServer({ bodyLimit: BODY_LIMIT });
});
afterAll(async () => {
  await scim?.close();
});
beforeEach(() => {
  scim.app.workbench.faults.importFile('default', { scimWorkbenchFaults: 1, rules: [] });
});

const addRule = (rule: FaultRuleInput) => scim.app.workbench.faults.create('default', rule);

/** The exchange the request tagged `x-test: tag` made (the recorder writes within milliseconds: polled). */
async function recorded(tag: string): Promise<RecordedExchange> {
  let found: RecordedExchange | undefined;
  await expect
    .poll(() => {
      found = scim.app.workbench.recordings
        .exchangesAfter(0, 100_000)
        .find((exchange) => exchange.request.headers.some(([name, value]) => name === 'x-test' && value === tag));
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

describe('a request answered by a fault keeps its body in the recording', () => {
  it('a create answered 409 uniqueness: the userName it tried, its password redacted', async () => {
    await addRule({
      name: 'conflict',
      match: { methods: ['POST'], resourceTypes: ['Users'] },
      action: { kind: 'status', status: 409, scimType: 'uniqueness' },
    });
    const sent = { schemas: [URN.user], userName: 'jane.conflict@example.com', password: 'Hunter2-never-recorded', active: true };
    const answer = await scim.request('POST', '/Users', sent, { 'x-test': 'conflict' });
    expect(answer.status).toBe(409);
    const exchange = await recorded('conflict');
    expect(exchange.injected).toMatchObject({ action: 'status', ruleName: 'conflict' });
    expect(JSON.parse(exchange.request.body!)).toEqual({ ...sent, password: REDACTED });
    expect(JSON.stringify(exchange)).not.toContain('Hunter2-never-recorded');
    // The operation in words names the user it was for, as for any other create.
    expect(exchange.operation).toContain('jane.conflict@example.com');
  });

  it('a PATCH answered 429 keeps its operations', async () => {
    await addRule({ name: 'throttle', match: { methods: ['PATCH'] }, action: { kind: 'status', status: 429, retryAfterSeconds: 2 } });
    const patch = { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] };
    expect((await scim.request('PATCH', '/Users/some-id', patch, { 'x-test': 'throttle' })).status).toBe(429);
    expect(JSON.parse((await recorded('throttle')).request.body!)).toEqual(patch);
  });

  it('a request that timed out or was dropped keeps its body too', async () => {
    await addRule({ name: 'hang', match: { methods: ['PUT'] }, action: { kind: 'timeout', ms: 50 } });
    await addRule({ name: 'drop', match: { methods: ['POST'] }, action: { kind: 'drop' } });
    const put = { schemas: [URN.user], userName: 'held@example.com' };
    await expect(scim.request('PUT', '/Users/some-id', put, { 'x-test': 'hang' })).rejects.toThrow(/fetch failed/);
    expect(JSON.parse((await recorded('hang')).request.body!)).toEqual(put);
    const post = { schemas: [URN.user], userName: 'dropped@example.com' };
    await expect(scim.request('POST', '/Users', post, { 'x-test': 'drop' })).rejects.toThrow(/fetch failed/);
    const dropped = await recorded('drop');
    expect(dropped.response.status).toBe(0);
    expect(JSON.parse(dropped.request.body!)).toEqual(post);
  });

  it('a body that is not JSON is kept as sent; one over the body limit is not buffered, and the client still gets the fault', async () => {
    await addRule({ name: 'teapot', match: { methods: ['POST'] }, action: { kind: 'status', status: 418 } });
    expect((await scim.request('POST', '/Users', '{"userName": "half', { 'x-test': 'torn' })).status).toBe(418);
    expect((await recorded('torn')).request.body).toBe('{"userName": "half');
    // Sent in chunks, so nothing says its length up front.
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${scim.baseUrl}/Users`);
      const outgoing = httpRequest(
        url,
        { method: 'POST', headers: { authorization: `Bearer ${scim.token}`, 'content-type': 'application/scim+json', 'x-test': 'huge' } },
        (response) => {
          response.resume();
          resolve(response.statusCode!);
        },
      );
      outgoing.on('error', reject);
      outgoing.write(`{"userName":"${'x'.repeat(BODY_LIMIT)}`);
      outgoing.end('"}');
    });
    expect(status).toBe(418);
    const huge = await recorded('huge');
    expect(huge.request.body).toBeNull();
    expect(huge.injected).toMatchObject({ action: 'status' });
  });

  it('a GET answered by a fault has no body to wait for', async () => {
    await addRule({ name: 'unavailable', match: { methods: ['GET'] }, action: { kind: 'status', status: 503 } });
    expect((await scim.request('GET', '/Users', undefined, { 'x-test': 'get' })).status).toBe(503);
    expect((await recorded('get')).request.body).toBeNull();
  });
});
