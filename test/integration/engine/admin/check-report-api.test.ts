import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CheckReport } from '../../../../src/shared/conformance';
import type { CheckJobState } from '../../../../src/shared/simulator';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';
import { adminApi, untilSettled } from '../../../support/admin-api';
import { refusedPort, type RefusedPort } from '../../../support/ports';

/**
 * A conformance check's report through the admin API of a real engine (the inspector's download):
 * Markdown and JSON of a finished check, a clear 409 for one that failed, and a target that cannot
 * be reached failing the whole check with one message instead of a failure per check.
 */
const dir = tempDir();
let engine: RunningEngine;
let refused: RefusedPort;
beforeAll(async () => {
  // The check job's large group is not under test here (large-groups.test.ts builds one of 120): a small one keeps
  // each check to its hundred requests, not 300 creates and deletes.
  engine = await startEngine({ dbPath: join(dir.path, 'check-report.db'), port: 0, checkLargeGroupSize: 6 });
  refused = await refusedPort();
});
afterAll(async () => {
  await refused?.close();
  await engine?.close();
  dir.remove();
});

const api = adminApi(() => ({ url: engine.adminUrl, token: engine.adminToken }));
const until = (id: number) => untilSettled(async () => (await api<CheckJobState>('GET', `/checks/${id}`)).body, `check ${id}`);

it('downloads a finished check as Markdown and as JSON, the evidence of each check included', async () => {
  const started = await api<CheckJobState>('POST', '/checks', { idps: ['okta'], target: { kind: 'workspace', workspace: 'default' } });
  const done = await until(started.body.id);
  expect(done.state).toBe('done');

  const markdown = await api('GET', `/checks/${done.id}/report?format=md`);
  expect(markdown.status).toBe(200);
  expect(markdown.headers.get('content-type')).toMatch(/^text\/markdown/);
  expect(markdown.headers.get('content-disposition')).toBe(`attachment; filename="check-${done.id}.md"`);
  expect(markdown.text).toContain('# SCIM conformance check');
  expect(markdown.text).toContain('Request: `POST /Users` → 201');

  const json = await api<CheckReport>('GET', `/checks/${done.id}/report?format=json`);
  expect(json.headers.get('content-disposition')).toBe(`attachment; filename="check-${done.id}.json"`);
  expect(json.body.results).toEqual(done.results);
  expect(json.body.results.find((result) => result.id === 'users.create')).toMatchObject({
    request: { method: 'POST', path: '/Users', body: { userName: expect.any(String) } },
    response: { status: 201, contentType: expect.stringMatching(/^application\/scim\+json/), body: expect.stringContaining('"id"') },
  });
});

it("writes a failing check's request body and answer into the Markdown report", async () => {
  engine.workbench.workspaces.create('strict-report');
  engine.workbench.workspaces.configure('strict-report', { compatibility: 'strict' });
  const started = await api<CheckJobState>('POST', '/checks', { idps: ['okta'], target: { kind: 'workspace', workspace: 'strict-report' } });
  const done = await until(started.body.id);
  const failing = done.results.find((result) => result.status === 'fail' && result.request?.body !== undefined && result.response?.body);
  expect(failing, "a strict workspace fails some of Okta's checks").toBeDefined();
  const markdown = (await api('GET', `/checks/${done.id}/report?format=md`)).text;
  const section = markdown.slice(markdown.indexOf(`## ✗ ${failing!.name}`));
  expect(section).toContain(`Request body:\n\`\`\`\n${JSON.stringify(failing!.request!.body, null, 2)}\n\`\`\``);
  expect(section).toContain(`Answer (${failing!.response!.contentType}):\n\`\`\`\n${failing!.response!.body}\n\`\`\``);
});

it('fails a check of a server that cannot be reached with one message, and refuses its report with it', async () => {
  const baseUrl = `http://127.0.0.1:${refused.port}/scim/v2`;
  const started = await api<CheckJobState>('POST', '/checks', {
    idps: ['okta', 'entra', 'onelogin'],
    target: { kind: 'url', baseUrl, auth: { kind: 'none' } },
  });
  const failed = await until(started.body.id);
  expect(failed).toMatchObject({ state: 'failed', results: [], error: expect.stringMatching(new RegExp(`^Cannot reach ${baseUrl}: connection refused\\. `)) });
  const report = await api('GET', `/checks/${failed.id}/report?format=md`);
  expect(report.status).toBe(409);
  expect(report.body.error).toBe(`Check ${failed.id} failed: ${failed.error}`);
});

it('answers 404 for a check it does not know', async () => {
  const report = await api('GET', '/checks/99999/report');
  expect(report.status).toBe(404);
  expect(report.body.error).toBe('No check 99999.');
});
