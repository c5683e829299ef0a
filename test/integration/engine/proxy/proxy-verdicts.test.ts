import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import type { ExchangeResponse, ExchangeSearchResponse, TokenResponse } from '../../../../src/shared/admin-api';
import type { ProxyConfigResponse } from '../../../../src/shared/proxy';
import type { SessionSummary } from '../../../../src/shared/recording';
import { adminApi, listenAdmin } from '../../../support/admin-api';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { IDP_USER_AGENTS, runVerdictScenario, type ScenarioExchange } from '../../../support/verdict-scenario';
import {
  SCENARIO_STEPS,
  startVerdictUpstream,
  VERDICT_FAULTS,
  type ScenarioStep,
  type SentAnswer,
  type VerdictUpstream,
} from '../../../support/verdict-upstream';

/**
 * The workbench in proxy mode in front of a deliberately broken upstream: the IdP scenario of
 * verdicts/broken-upstream.test.ts, sent through one proxy workspace per run, each forwarding to
 * the correct base path or to one planted fault's, with the upstream's own bearer token in place
 * of the IdP's. The IdP must get every answer as the upstream sent it, and each recorded exchange
 * the verdict the imported HAR gets: exactly the fault's findings on the step it breaks, none elsewhere.
 */
const ADMIN_TOKEN = 'proxy-verdicts-admin-token';

interface Run {
  /** The proxy workspace's slug. */
  run: string;
  /** The upstream's base path the workspace forwards to. */
  tenant: string;
  client: 'okta' | 'entra';
  /** The workspace's own bearer token, the one the IdP sends. */
  token: string;
  /** What the IdP sent and received, step by step. */
  sent: ScenarioExchange[];
  /** What the upstream answered while this run was sent. */
  upstreamAnswers: SentAnswer[];
  /** The exchanges recorded in the workspace, oldest first. */
  exchanges: ExchangeResponse[];
}

let upstream: VerdictUpstream;
let proxy: ScimTestServer;
let admin: FastifyInstance;
let adminUrl: string;
const api = adminApi(() => ({ url: adminUrl, token: ADMIN_TOKEN }));
const runs: Run[] = [];

beforeAll(async () => {
  upstream = await startVerdictUpstream();
  proxy = await startScimServer();
  // The live session exists before the first exchange is waiting to be written.
  proxy.app.workbench.recordings.currentSessionId();
  admin = buildAdminServer({ workbench: proxy.app.workbench, token: ADMIN_TOKEN, scimBaseUrl: proxy.baseUrl });
  adminUrl = await listenAdmin(admin);

  const planned = [
    { run: 'good', tenant: 'good', client: 'okta' as const },
    { run: 'good-entra', tenant: 'good', client: 'entra' as const },
    ...VERDICT_FAULTS.map((fault) => ({ run: fault.name, tenant: fault.name, client: fault.client })),
  ];
  for (const { run, tenant, client } of planned) {
    expect((await api('POST', '/workspaces', { slug: run })).status).toBe(201);
    const configured = await api<ProxyConfigResponse>('PUT', `/workspaces/${run}/proxy`, {
      upstream: `${upstream.origin}/${tenant}/scim/v2`,
      auth: { mode: 'bearer', secret: upstream.token },
    });
    expect(configured.body).toMatchObject({ kind: 'proxy', secretStored: true });
    const { token } = (await api<TokenResponse>('POST', `/workspaces/${run}/token`)).body;
    const before = upstream.answers.length;
    const sent = await runVerdictScenario(
      `${proxy.origin}/w/${run}/scim/v2`,
      { 'user-agent': IDP_USER_AGENTS[client], authorization: `Bearer ${token}` },
      `Jane.Doe+${run}@Example.com`,
    );
    runs.push({ run, tenant, client, token, sent, upstreamAnswers: upstream.answers.slice(before), exchanges: [] });
  }

  // Recorded once each answer has gone: read back when every workspace holds its whole scenario.
  const recordedIds = async (run: string) =>
    (await api<ExchangeSearchResponse>('GET', `/exchanges?workspace=${run}&limit=100`)).body.items.map((item) => item.id).sort((a, b) => a - b);
  await vi.waitFor(
    async () => {
      for (const { run } of runs) expect(await recordedIds(run), run).toHaveLength(SCENARIO_STEPS.length);
    },
    { timeout: 20_000, interval: 50 },
  );
  for (const run of runs) {
    run.exchanges = await Promise.all((await recordedIds(run.run)).map(async (id) => (await api<ExchangeResponse>('GET', `/exchanges/${id}`)).body));
  }
});
afterAll(async () => {
  await admin?.close();
  await proxy?.close();
  await upstream?.close();
});

const runNamed = (name: string): Run => runs.find((run) => run.run === name)!;
/** The path and query under a SCIM base URL (`/Users?filter=…`). */
const underBase = (url: string) => url.replace(/^.*?\/scim\/v2/, '');
/** The ids of the error and warning findings of one run's step. */
function flaggedAt(run: string, step: ScenarioStep): string[] {
  const { exchanges } = runNamed(run);
  return exchanges[SCENARIO_STEPS.indexOf(step)]!.verdicts.filter((finding) => finding.severity !== 'info').map((finding) => finding.id);
}

describe('each proxy workspace', () => {
  it('sent every request of its run once, unchanged, to its own base path of the upstream, with the upstream token in place of its own', () => {
    expect(runs).toHaveLength(VERDICT_FAULTS.length + 2);
    for (const { run, tenant, token, sent, upstreamAnswers } of runs) {
      expect(
        upstreamAnswers.map((answer) => `${answer.method} ${answer.url}`),
        run,
      ).toEqual(sent.map((exchange) => `${exchange.method} /${tenant}/scim/v2${underBase(exchange.url)}`));
      expect(token).not.toBe(upstream.token);
      upstreamAnswers.forEach((answer, index) => {
        const idpSide = sent[index]!;
        const where = `${run}: ${idpSide.step}`;
        expect(answer.authorization, where).toBe(`Bearer ${upstream.token}`);
        // The request's body byte for byte (its headers: the next test).
        expect(answer.requestBody, where).toBe(idpSide.requestBody ?? '');
        expect(answer.requestHeaders.host, where).toBe(new URL(upstream.origin).host);
        expect(JSON.stringify(answer.requestHeaders), where).not.toContain(token);
      });
    }
  });

  it("forwarded the IdP's request headers as the workbench received them, but its own hop's and the credentials", () => {
    const HOP = new Set(['host', 'connection', 'keep-alive', 'authorization']);
    for (const { run, sent, upstreamAnswers, exchanges } of runs) {
      upstreamAnswers.forEach((answer, index) => {
        const where = `${run}: ${sent[index]!.step}`;
        const received = Object.fromEntries(exchanges[index]!.request.headers.filter(([name]) => !HOP.has(name)));
        // The IdP's Accept-Encoding is not forwarded (forward.ts): the proxy asks for identity, so the upstream
        // answers in plain text, which the recording, search and verdicts read, and the IdP gets that same text.
        expect(received['accept-encoding'], where).toMatch(/gzip/);
        const { 'accept-encoding': _dropped, ...forwardable } = received;
        expect(Object.fromEntries(Object.entries(answer.requestHeaders).filter(([name]) => !HOP.has(name))), where).toEqual({
          ...forwardable,
          'accept-encoding': 'identity',
        });
        expect(sent[index]!.headers.get('content-encoding'), where).toBeNull();
      });
    }
  });

  it('recorded each request as the IdP sent it, in order, from the client its User-Agent names', () => {
    for (const { run, client, sent, exchanges } of runs) {
      expect(
        exchanges.map((exchange) => `${exchange.request.method} ${exchange.request.url}`),
        run,
      ).toEqual(sent.map((exchange) => `${exchange.method} /w/${run}/scim/v2${underBase(exchange.url)}`));
      exchanges.forEach((exchange, index) => {
        expect(exchange.client, `${run}: ${sent[index]!.step}`).toBe(client);
        expect(exchange.request.body, `${run}: ${sent[index]!.step}`).toBe(sent[index]!.requestBody ?? null);
        expect(
          exchange.notes.map((note) => `${note.kind}:${note.code}`),
          `${run}: ${sent[index]!.step}`,
        ).toContain('proxied:forwarded');
      });
    }
  });
});

describe('the answer the IdP gets and the one recorded', () => {
  /**
   * Headers of the connection, not of the answer: each hop writes its own (RFC 9110 §7.6.1; Date
   * by Node on each server). And the workbench's own `x-request-id`, which every answer of its SCIM
   * API carries so an IdP's log line leads to the recorded exchange.
   */
  const PER_HOP = new Set(['connection', 'keep-alive', 'date', 'transfer-encoding']);
  const WORKBENCH_OWN = 'x-request-id';
  const headerMap = (entries: Iterable<[string, string]>, leaveOut: Set<string>) =>
    Object.fromEntries([...entries].map(([name, value]) => [name.toLowerCase(), value]).filter(([name]) => !leaveOut.has(name!)));

  it.each(['good', 'good-entra', ...VERDICT_FAULTS.map((fault) => fault.name)])('%s: status, headers and body exactly as the upstream sent them', (name) => {
    const { sent, upstreamAnswers, exchanges } = runNamed(name);
    sent.forEach((idpSide, index) => {
      const upstreamSide = upstreamAnswers[index]!;
      const recorded = exchanges[index]!.response;
      const where = `${name}: ${idpSide.step}`;
      expect(upstreamSide.finished, where).toBe(true);
      expect(idpSide.status, where).toBe(upstreamSide.status);
      expect(idpSide.text, where).toBe(upstreamSide.body);
      // Every header the upstream sent reaches the IdP unchanged, and the proxy adds none but its request id.
      const received = headerMap(idpSide.headers, PER_HOP);
      expect(received[WORKBENCH_OWN], where).toMatch(/^[0-9a-f-]{36}$/);
      expect(headerMap(Object.entries(received), new Set([WORKBENCH_OWN])), where).toEqual(headerMap(Object.entries(upstreamSide.headers), PER_HOP));
      // The recording holds the answer as the IdP received it.
      expect(recorded.status, where).toBe(upstreamSide.status);
      expect(recorded.body ?? '', where).toBe(upstreamSide.body);
      expect(headerMap(recorded.headers, PER_HOP), where).toEqual(received);
    });
  });

  it('the faults about headers and bodies reach the IdP as planted', () => {
    const at = (run: string, step: ScenarioStep) => runNamed(run).sent[SCENARIO_STEPS.indexOf(step)]!;
    expect(at('create-no-location', 'create').headers.get('location')).toBeNull();
    expect(at('good', 'create').headers.get('location')).toMatch(new RegExp(`^${upstream.origin}/good/scim/v2/Users/`));
    expect(at('read-text-body', 'read').headers.get('content-type')).toBe('text/plain');
    expect(at('read-text-body', 'read').text).toBe('user jane');
    expect(at('read-json-content-type', 'read').headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(at('read-etag-mismatch', 'read').headers.get('etag')).toBe('W/"99"');
    expect(at('conflict-without-error-schema', 'duplicate').text).toBe('{"message":"userName taken"}');
    expect(JSON.parse(at('conflict-status-number', 'duplicate').text).status).toBe(409);
    expect(JSON.parse(at('page-paging-strings', 'page').text)).toMatchObject({ startIndex: '1', itemsPerPage: '1' });
    expect(at('delete-200', 'delete').status).toBe(200);
    expect(at('good', 'delete').status).toBe(204);
    expect(at('good', 'delete').text).toBe('');
  });
});

describe('the verdicts read back through the admin API', () => {
  it.each(['good', 'good-entra'])('%s: no step of the scenario gets a finding', (run) => {
    for (const step of SCENARIO_STEPS) expect(flaggedAt(run, step), step).toEqual([]);
  });

  describe.each(VERDICT_FAULTS)('planted fault $name', (fault) => {
    it(`yields exactly ${fault.verdicts.join(' + ')} on the ${fault.step} and nothing elsewhere`, () => {
      for (const step of SCENARIO_STEPS)
        expect(flaggedAt(fault.name, step).sort(), `${fault.name}: ${step}`).toEqual(step === fault.step ? [...fault.verdicts].sort() : []);
    });
  });
});

describe('the same session as a HAR', () => {
  it('exported and imported again, gets the verdict it got through the proxy on every exchange', async () => {
    const recorded = runs.flatMap((run) => run.exchanges).sort((a, b) => a.id - b.id);
    const sessionIds = new Set(recorded.map((exchange) => exchange.sessionId));
    expect(sessionIds.size).toBe(1);
    const exported = await api('GET', `/sessions/${[...sessionIds][0]}/export?format=har`);
    expect(exported.status).toBe(200);
    expect(exported.text).not.toContain(upstream.token);
    for (const { token } of runs) expect(exported.text).not.toContain(token);

    const imported = await api<SessionSummary>('POST', '/sessions/import', exported.text);
    expect(imported.status).toBe(201);
    const list = (await api<ExchangeSearchResponse>('GET', `/exchanges?session=${imported.body.id}&limit=1000`)).body;
    const ids = list.items.map((item) => item.id).sort((a, b) => a - b);
    expect(ids).toHaveLength(recorded.length);
    const again = await Promise.all(ids.map(async (id) => (await api<ExchangeResponse>('GET', `/exchanges/${id}`)).body));
    again.forEach((exchange, index) => {
      const original = recorded[index]!;
      expect(`${exchange.request.method} ${new URL(exchange.request.url, proxy.origin).pathname}`).toBe(
        `${original.request.method} ${new URL(original.request.url, proxy.origin).pathname}`,
      );
      expect(exchange.verdicts, `${original.request.method} ${original.request.url}`).toEqual(original.verdicts);
    });
    expect(again.flatMap((exchange) => exchange.verdicts).length).toBeGreaterThan(VERDICT_FAULTS.length);
  });
});

describe('credentials', () => {
  it('neither the upstream token nor a workspace token is in any recorded exchange or in the database', () => {
    const recorded = JSON.stringify(runs.map((run) => run.exchanges));
    expect(recorded).toContain('Jane.Doe+good@Example.com');
    expect(recorded).not.toContain(upstream.token);
    for (const { token } of runs) expect(recorded).not.toContain(token);

    proxy.app.workbench.recorder.flush();
    const stored = proxy.app.workbench.db
      .prepare("SELECT group_concat(request || response || notes || coalesce(request_body, '') || coalesce(response_body, ''), '') FROM exchanges")
      .pluck()
      .get() as string;
    expect(stored).toContain('Jane.Doe+good@Example.com');
    expect(stored).not.toContain(upstream.token);
    for (const { token } of runs) expect(stored).not.toContain(token);
  });
});
