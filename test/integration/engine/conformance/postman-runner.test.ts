import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostmanError, runPostman, targetVariables } from '../../../../src/engine/conformance/postman';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * The engine's Postman runner (newman underneath) never hangs on a bad collection: an endless
 * script, a request that is never answered, a collection that sends itself back forever, and an
 * item that is not a request each end the run with a result or a clear error.
 */
const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';
const collection = (items: unknown[]) => ({ info: { name: 'bad', schema: SCHEMA }, item: items });
const request = (name: string, url: string, events: { listen: string; exec: string[] }[] = []) => ({
  name,
  event: events.map(({ listen, exec }) => ({ listen, script: { type: 'text/javascript', exec } })),
  request: { method: 'GET', header: [{ key: 'Authorization', value: 'Bearer {{token}}' }], url },
});
const users = '{{Protocol}}://{{Server}}{{Port}}/{{Api}}/Users';

let server: ScimTestServer;
let silent: Server;
beforeAll(async () => {
  server = await startScimServer();
  // Takes every request and never answers it.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await server?.close();
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
});

const run = (document: unknown, options: Partial<Parameters<typeof runPostman>[1]> = {}) =>
  runPostman(document, { target: { baseUrl: server.baseUrl, token: server.token }, file: 'bad.json', ...options });

describe('runPostman on bad collections', () => {
  it('reads the Microsoft collection variables from the base URL', () => {
    expect(targetVariables({ baseUrl: 'https://scim.example.com/w/okta/scim/v2/', token: 't' })).toEqual({
      Protocol: 'https',
      Server: 'scim.example.com',
      Port: '',
      Api: 'w/okta/scim/v2',
      token: 't',
    });
    expect(targetVariables({ baseUrl: 'http://127.0.0.1:8080/scim/v2', token: 't' })).toMatchObject({ Port: ':8080', Api: 'scim/v2' });
  });

  it('stops an endless test script, saying at which request (newman ends the run there)', async () => {
    const seen: string[] = [];
    const spinning = collection([request('fine', users), request('spins', users, [{ listen: 'test', exec: ['while (true) {}'] }]), request('never', users)]);
    // A script time limit of 300 ms instead of the 5 s a run has: waiting those out was this file's longest test.
    await expect(run(spinning, { onRequest: (result) => seen.push(result.name), scriptTimeoutMs: 300 })).rejects.toThrow(
      new PostmanError('newman stopped the run at "spins": Script execution timed out after 300ms'),
    );
    expect(seen).toEqual(['fine']);
  }, 30_000);

  it('fails a request that is never answered after the request time limit', async () => {
    const port = (silent.address() as { port: number }).port;
    const report = await run(
      collection([
        request('silent', `http://127.0.0.1:${port}/scim/v2/Users`, [{ listen: 'test', exec: ['pm.test("200", () => pm.response.to.have.status(200));'] }]),
      ]),
      { requestTimeoutMs: 300 },
    );
    expect(report.requests).toHaveLength(1);
    expect(report.requests[0]).toMatchObject({
      passed: false,
      failures: [expect.stringMatching(/^the request did not get through: .*(ESOCKETTIMEDOUT|ETIMEDOUT|timeout)/i), expect.any(String)],
    });
  });

  it('stops a collection that sends itself back forever (setNextRequest)', async () => {
    const looping = collection([request('again', users, [{ listen: 'test', exec: ['postman.setNextRequest("again");'] }])]);
    // Stopped after 20 requests instead of a run's 200: newman's 200 requests were this file's longest test.
    await expect(run(looping, { loopFloor: 20 })).rejects.toThrow(/sent 20 requests, more than ten times the 1 it holds: it loops \(setNextRequest\)/);
  }, 60_000);

  it('refuses what is not a collection, naming what is wrong', async () => {
    await expect(run({ info: { name: 'x' }, item: [42] })).rejects.toThrow(new PostmanError('Not a Postman collection: item 1 is not an object.'));
    await expect(run({ info: { name: 'x' }, item: [{ name: 'Folder', item: 'nope' }] })).rejects.toThrow('the "item" of item 1 is not a list');
    await expect(run({ info: {}, requests: [] })).rejects.toThrow('old v1 format');
    await expect(run('text')).rejects.toThrow('not a JSON object');
  });

  it('fails a request whose URL is not one, with the reason, and keeps the token out of the result', async () => {
    const report = await run(collection([request('no url', ''), request('fine', `${users}?token={{token}}`)]));
    expect(report.requests[0]).toMatchObject({ passed: false, failures: [expect.stringContaining('the request did not get through')] });
    expect(report.requests[1]!.url).toContain('token=***');
    expect(JSON.stringify(report)).not.toContain(server.token);
  });
});
