import { createServer, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteJobState, SuiteReport } from '../../../../src/shared/suites';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';
import { adminApi } from '../../../support/admin-api';

/** External suites uploaded through the admin API of a real engine: run against a workspace, watched, cancelled, reported. */
const fixtures = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'suites');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const dir = tempDir();
let engine: RunningEngine;
beforeAll(async () => {
  engine = await startEngine({ dbPath: join(dir.path, 'suites-api.db'), port: 0 });
  engine.workbench.workspaces.create('suites', 'Suites');
});
afterAll(async () => {
  await engine?.close();
  dir.remove();
});

const api = adminApi(() => ({ url: engine.adminUrl, token: engine.adminToken }));

async function until(id: number): Promise<SuiteJobState> {
  let state: SuiteJobState | undefined;
  await expect.poll(async () => (state = (await api<SuiteJobState>('GET', `/suites/${id}`)).body).state, { timeout: 30_000 }).not.toBe('running');
  return state!;
}

const workspace = { kind: 'workspace', workspace: 'suites' } as const;

describe('POST /api/suites', () => {
  it('runs a Postman collection against a workspace (its URL and token filled in), leaves out a folder, and reports each request', async () => {
    const started = await api<SuiteJobState>('POST', '/suites', {
      fileName: 'small.postman_collection.json',
      content: fixture('small-scim.postman_collection.json'),
      target: workspace,
      skipFolders: ['Get Token'],
    });
    expect(started).toMatchObject({
      status: 200,
      body: { state: 'running', kind: 'postman', total: 5, skippedFolders: ['Get Token'], target: expect.stringMatching(/\/w\/suites\/scim\/v2$/) },
    });
    const done = await until(started.body.id);
    expect(done).toMatchObject({ state: 'done', done: 5, total: 5 });
    expect(done.results.map((result) => [result.name, result.passed])).toEqual([
      ['Users / List users', true],
      ['Users / Create a user', true],
      ['Users / Get the user', true],
      ['Deliberately failing / Ask for a teapot', false],
      ['Clean up / Delete the user', true],
    ]);
    expect(done.report?.postman?.summary).toEqual({ requests: { passed: 4, failed: 1 }, assertions: { passed: 7, failed: 1 } });

    const markdown = await api<never>('GET', `/suites/${started.body.id}/report?format=md`);
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-disposition')).toBe(`attachment; filename="suite-${started.body.id}.md"`);
    expect(markdown.text).toContain('# Conformance suite');
    expect(markdown.text).toContain('1 of 5 requests failed; assertions 7 passed, 1 failed.');
    expect(markdown.text).toContain('Left out: folder “Get Token”.');
    const json = await api<SuiteReport>('GET', `/suites/${started.body.id}/report?format=json`);
    expect(json.body.postman?.requests).toHaveLength(5);
    // The workspace's token is sent, never reported.
    const token = engine.workbench.workspaces.find('suites')!.token;
    expect(markdown.text + json.text).not.toContain(token);
  });

  it('runs a Runscope export, its kind read from its shape', async () => {
    const started = await api<SuiteJobState>('POST', '/suites', {
      fileName: 'small.runscope.json',
      content: fixture('small-scim.runscope.json'),
      target: workspace,
    });
    expect(started.body).toMatchObject({ kind: 'runscope', total: 4 });
    const done = await until(started.body.id);
    expect(done).toMatchObject({
      state: 'done',
      done: 4,
      report: { runscope: { summary: { steps: { passed: 4, failed: 0 }, assertions: { passed: 8, failed: 0 } } } },
    });
    expect((await api<never>('GET', `/suites/${started.body.id}/report?format=md`)).text).toContain('0 of 4 steps failed');
  });

  it('refuses a bad upload with a clear {error}', async () => {
    const start = (body: unknown) => api<{ error: string }>('POST', '/suites', body);
    expect(await start({ fileName: 'x.json', content: fixture('not-a-suite.json'), target: workspace })).toMatchObject({
      status: 400,
      body: { error: 'x.json: The file is neither a Runscope test export (a "steps" list) nor a Postman collection (an "info" object and an "item" list).' },
    });
    expect(await start({ fileName: 'env.json', content: fixture('small-scim.postman_environment.json'), target: workspace })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('This is a Postman environment, not a collection') },
    });
    expect(await start({ fileName: 'x.json', content: '{"steps": [', target: workspace })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^x\.json is not JSON \(.*\): pick a Runscope test export or a Postman collection\.$/) },
    });
    expect(await start({ fileName: 'x.json', content: '[1, 2]', target: workspace })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('is a JSON object') },
    });
    expect(await start({ fileName: 'c.json', content: fixture('small-scim.postman_collection.json'), target: workspace, skipFolders: ['Nope'] })).toMatchObject(
      { status: 400, body: { error: expect.stringContaining('No folder named "Nope"') } },
    );
    expect(await start({ fileName: 'r.json', content: fixture('small-scim.runscope.json'), target: workspace, skipFolders: ['Get Token'] })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('Postman collection only') },
    });
    expect(
      await start({ fileName: 'c.json', content: fixture('small-scim.postman_collection.json'), target: { kind: 'workspace', workspace: 'nowhere' } }),
    ).toMatchObject({ status: 404, body: { error: 'No workspace named "nowhere".' } });
    expect(await start({ fileName: 'c.json', target: workspace })).toMatchObject({ status: 400, body: { error: expect.stringContaining('content') } });
    expect(await start('not json')).toMatchObject({ status: 400, body: { error: expect.any(String) } });
    // Over the limit: the content alone, and a body too large to parse.
    const big = `{"steps": [], "padding": "${'x'.repeat(4 * 1024 * 1024)}"}`;
    expect(await start({ fileName: 'big.json', content: big, target: workspace })).toMatchObject({
      status: 413,
      body: { error: expect.stringContaining('larger than 4 MB') },
    });
    expect(await start({ fileName: 'big.json', content: big + 'y'.repeat(5 * 1024 * 1024), target: workspace })).toMatchObject({
      status: 413,
      body: { error: expect.stringContaining('larger than 4 MB') },
    });
    expect(await api('GET', '/suites/999')).toMatchObject({ status: 404, body: { error: 'No suite run 999.' } });
  });
});

describe('cancelling a suite run', () => {
  let held: Server;
  const waiting: ServerResponse[] = [];
  let arrived: () => void;
  const firstRequest = new Promise<void>((resolvePromise) => (arrived = resolvePromise));
  beforeAll(async () => {
    // A SCIM server that holds every answer until the test lets it go: the run is cancelled mid-request.
    held = createServer((_request, response) => {
      waiting.push(response);
      arrived();
    });
    await new Promise<void>((resolvePromise) => held.listen(0, '127.0.0.1', resolvePromise));
  });
  afterAll(async () => {
    held.closeAllConnections();
    await new Promise((resolvePromise) => held.close(resolvePromise));
  });

  it('stops a Postman run when asked: the state says cancelled and the report holds what ran', async () => {
    const port = (held.address() as { port: number }).port;
    const started = await api<SuiteJobState>('POST', '/suites', {
      fileName: 'small.postman_collection.json',
      content: fixture('small-scim.postman_collection.json'),
      target: { kind: 'url', baseUrl: `http://127.0.0.1:${port}/scim/v2`, auth: { kind: 'bearer', token: 'held-token' } },
      skipFolders: ['Get Token'],
    });
    await firstRequest;
    expect((await api<SuiteJobState>('POST', `/suites/${started.body.id}/cancel`)).status).toBe(200);
    for (const response of waiting.splice(0)) response.writeHead(200, { 'content-type': 'application/scim+json' }).end('{"totalResults": 0, "Resources": []}');
    const done = await until(started.body.id);
    expect(done.state).toBe('cancelled');
    expect(done.results.length).toBeLessThan(5);
    expect(done.report?.postman?.cancelled).toBe(true);
  });
});
