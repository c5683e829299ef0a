import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRunscope } from '../../../../src/engine/conformance/runscope';

/**
 * The Runscope runner sends each step's headers as the export has them (issue 18): Okta's SPEC-test
 * export POSTs its users without Content-Type, and a runner that adds one passes a server Runscope
 * would fail. A plain listener records what actually arrives.
 */
const arrived: { method: string; headers: IncomingHttpHeaders; body: string }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      arrived.push({ method: request.method!, headers: request.headers, body });
      response.writeHead(201, { 'content-type': 'application/scim+json' }).end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

it('sends a step body without Content-Type when the export names none, and the named one otherwise', async () => {
  const body = '{"userName":"{{randomUsername}}"}';
  const results = await runRunscope(
    {
      steps: [
        {
          step_type: 'request',
          method: 'POST',
          url: '{{SCIMBaseURL}}/Users',
          body,
          headers: { Authorization: ['{{auth}}'] },
          assertions: [{ source: 'response_status', comparison: 'equal_number', value: '201' }],
        },
        {
          step_type: 'request',
          method: 'POST',
          url: '{{SCIMBaseURL}}/Users',
          body,
          headers: { Authorization: ['{{auth}}'], 'Content-Type': ['application/scim+json'] },
        },
      ],
    },
    { baseUrl, token: 'secret-token' },
  );
  expect(results.map((result) => result.failures)).toEqual([[], []]);
  expect(arrived).toHaveLength(2);
  expect(arrived[0]!.headers['content-type']).toBeUndefined();
  expect(arrived[0]!.body).toMatch(/^\{"userName":"okta\.[0-9a-f]+@example\.com"\}$/);
  expect(arrived[0]!.headers.authorization).toBe('Bearer secret-token');
  expect(arrived[1]!.headers['content-type']).toBe('application/scim+json');
});
