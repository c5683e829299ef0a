import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { replay } from '../../../../src/engine/replay/replayer';
import { reportToMarkdown } from '../../../../src/engine/replay/replay-report';
import type { ReplayStep } from '../../../../src/engine/replay/replay-steps';
import { secretNamesFor } from '../../../../src/engine/recorder/secret-names';
import type { ExtensionDeclaration } from '../../../../src/engine/scim/schemas/custom-extensions';

/**
 * A replay target is any server, and its answers go into a report the user reads and saves: a
 * target that answers with a secret (a password it should never return, a token) must not put
 * it in the report, however the differences quote the bodies.
 */
const LEAKED = { password: 'TargetLeakedPassword-41', token: 'TargetLeakedToken-42', badgePin: 'TargetLeakedBadgePin-43' };
const HR = 'urn:example:params:scim:schemas:extension:hr:2.0:User';
const target = Fastify();
let baseUrl: string;
beforeAll(async () => {
  target.get('/scim/v2/Users/u1', async (_request, reply) =>
    reply.type('application/scim+json').send(JSON.stringify({ id: 'u1', userName: 'jane', password: LEAKED.password, session: { apiToken: LEAKED.token } })),
  );
  target.get('/scim/v2/Users/u2', async (_request, reply) =>
    reply.type('application/scim+json').send(JSON.stringify({ id: 'u2', userName: 'joe', [HR]: { badgePin: LEAKED.badgePin, site: 'Berlin' } })),
  );
  target.get('/scim/v2/Users', async (_request, reply) => reply.code(400).type('text/plain').send(`bad filter: password eq ${LEAKED.password}`));
  baseUrl = `${await target.listen({ host: '127.0.0.1', port: 0 })}/scim/v2`;
});
afterAll(async () => {
  await target.close();
});

const step = (path: string, recordedBody: string): ReplayStep => ({
  startedAt: '2026-12-01T10:00:00.000Z',
  method: 'GET',
  path,
  headers: {},
  body: null,
  recorded: { status: 200, body: recordedBody },
});

it('keeps a secret the target answers with out of the report and its Markdown', async () => {
  const report = await replay([step('/Users/u1', '{"id":"u1","userName":"jane"}'), step('/Users?filter=userName%20eq%20%22jane%22', '{"totalResults":1}')], {
    baseUrl,
    auth: { kind: 'bearer', token: 't' },
  });
  // The differences were found (so the report quotes the bodies) …
  expect(report.steps.map((result) => result.matched)).toEqual([false, false]);
  expect(JSON.stringify(report)).toContain('[redacted]');
  // … without the secrets.
  for (const text of [JSON.stringify(report), reportToMarkdown(report)]) {
    expect(text).not.toContain(LEAKED.password);
    expect(text).not.toContain(LEAKED.token);
  }
});

it("keeps a workspace extension's returned: never attribute out of the report when given the workspace's secrets", async () => {
  const secrets = secretNamesFor([
    {
      id: HR,
      name: 'HrUser',
      resourceType: 'User',
      attributes: [
        { name: 'badgePin', type: 'string', returned: 'never' },
        { name: 'site', type: 'string' },
      ],
    },
  ] as ExtensionDeclaration[]);
  const report = await replay([step('/Users/u2', '{"id":"u2","userName":"joe"}')], { baseUrl, auth: { kind: 'bearer', token: 't' }, secrets });
  expect(report.steps[0]!.matched).toBe(false);
  const text = JSON.stringify(report);
  expect(text).toContain('Berlin');
  expect(text).not.toContain(LEAKED.badgePin);
  expect(reportToMarkdown(report)).not.toContain(LEAKED.badgePin);
});
