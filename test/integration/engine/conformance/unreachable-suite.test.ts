import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SuiteJobs } from '../../../../src/engine/conformance/suite-jobs';
import { untilSettled } from '../../../support/admin-api';
import { refusedPort, type RefusedPort } from '../../../support/ports';

/**
 * A suite (Runscope export, Postman collection) run against a target nothing listens on: the run
 * fails once, saying the server cannot be reached and what to check, before any step is sent,
 * instead of each step failing with the same socket error.
 */
const fixtures = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'suites');
let refused: RefusedPort;
let baseUrl: string;
let suites: SuiteJobs;
beforeAll(async () => {
  refused = await refusedPort();
  baseUrl = `http://127.0.0.1:${refused.port}/scim/v2`;
  // The target as the admin API resolves a confirmed URL: its base URL and credentials.
  suites = new SuiteJobs(() => ({ baseUrl, auth: { kind: 'bearer', token: 'suite-token' } }));
});
afterAll(async () => {
  await refused?.close();
});

it.each(['small-scim.runscope.json', 'small-scim.postman_collection.json'])('fails %s once, before any step, naming the target', async (fileName) => {
  const started = suites.start({
    fileName,
    content: readFileSync(join(fixtures, fileName), 'utf8'),
    target: { kind: 'url', baseUrl: 'unused', auth: { kind: 'none' } },
  });
  const ended = await untilSettled(async () => suites.get(started.id), `suite run ${started.id}`);
  expect(ended).toMatchObject({
    state: 'failed',
    done: 0,
    results: [],
    error: `Cannot reach ${baseUrl}: connection refused. Check that the SCIM server is running and listening on that host and port, and that the URL is the right one.`,
  });
});
