import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** An answer on its way out, as a planted fault sees and changes it. */
export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  /** JSON to send, or a string sent as it is. */
  body?: unknown;
}

/** The request a fault looks at. */
export interface UpstreamRequest {
  method: string;
  /** Path below the SCIM base, e.g. `/Users/abc`. */
  path: string;
  query: Record<string, string>;
  body: any;
}

/**
 * One thing the upstream gets wrong, planted at its own base path (`/<name>/scim/v2`). `verdicts`
 * names exactly the findings (error or warning) the step it breaks must get, and no other step may
 * get any: a fault whose verdict does not show is a rule that cannot fire, one with extra verdicts
 * is a false alarm.
 */
export interface VerdictFault {
  name: string;
  /** The IdP whose User-Agent the scenario is sent with. */
  client: 'okta' | 'entra';
  /** The scenario step the fault breaks (see SCENARIO_STEPS). */
  step: ScenarioStep;
  verdicts: string[];
  answer(request: UpstreamRequest, answer: UpstreamAnswer): UpstreamAnswer;
}

/** The requests of the scenario each fault is judged on, in order (test/integration/engine/verdicts/broken-upstream.test.ts). */
export const SCENARIO_STEPS = ['create', 'duplicate', 'lookup', 'read', 'patch', 'replace', 'page', 'delete'] as const;
export type ScenarioStep = (typeof SCENARIO_STEPS)[number];

const isItem = (request: UpstreamRequest) => /^\/Users\/[^/]+$/.test(request.path);
const stepOf = (request: UpstreamRequest): ScenarioStep | undefined => {
  if (request.method === 'POST') return request.path === '/Users' ? (request.body?.externalId === 'duplicate' ? 'duplicate' : 'create') : undefined;
  if (request.method === 'GET' && request.path === '/Users') return request.query.filter ? 'lookup' : 'page';
  return isItem(request) ? ({ GET: 'read', PATCH: 'patch', PUT: 'replace', DELETE: 'delete' } as const)[request.method as 'GET'] : undefined;
};
const withBody = (answer: UpstreamAnswer, change: (body: any) => unknown): UpstreamAnswer => ({ ...answer, body: change(structuredClone(answer.body)) });
const scimError = (status: number, detail: string): UpstreamAnswer => ({
  status,
  headers: { 'content-type': 'application/scim+json' },
  body: { schemas: [ERROR], status: String(status), detail },
});

/** Each fault applies to its own step only: the other steps stay correct. */
const at =
  (step: ScenarioStep, change: (answer: UpstreamAnswer, request: UpstreamRequest) => UpstreamAnswer) =>
  (request: UpstreamRequest, answer: UpstreamAnswer): UpstreamAnswer =>
    stepOf(request) === step ? change(answer, request) : answer;

export const VERDICT_FAULTS: VerdictFault[] = [
  { name: 'create-200', client: 'okta', step: 'create', verdicts: ['rfc.create-status'], answer: at('create', (a) => ({ ...a, status: 200 })) },
  {
    name: 'create-no-location',
    client: 'okta',
    step: 'create',
    verdicts: ['rfc.create-location'],
    answer: at('create', (a) => ({ ...a, headers: { 'content-type': a.headers['content-type']! } })),
  },
  {
    name: 'create-no-id',
    client: 'okta',
    step: 'create',
    verdicts: ['rfc.resource-id', 'okta.create-id'],
    answer: at('create', (a) => withBody(a, ({ id: _id, ...rest }) => rest)),
  },
  {
    name: 'create-username-changed',
    client: 'okta',
    step: 'create',
    verdicts: ['okta.create-username'],
    answer: at('create', (a) => withBody(a, (body) => ({ ...body, userName: body.userName.toLowerCase() }))),
  },
  {
    name: 'conflict-without-error-schema',
    client: 'okta',
    step: 'duplicate',
    verdicts: ['rfc.error-schema'],
    answer: at('duplicate', (a) => ({ ...a, body: { message: 'userName taken' } })),
  },
  {
    name: 'conflict-status-number',
    client: 'okta',
    step: 'duplicate',
    verdicts: ['rfc.error-status'],
    answer: at('duplicate', (a) => withBody(a, (body) => ({ ...body, status: 409 }))),
  },
  {
    name: 'conflict-wrong-scim-type',
    client: 'okta',
    step: 'duplicate',
    verdicts: ['rfc.scim-type'],
    answer: at('duplicate', (a) => withBody(a, (body) => ({ ...body, scimType: 'invalidValue' }))),
  },
  {
    name: 'conflict-422',
    client: 'okta',
    step: 'duplicate',
    verdicts: ['rfc.error-status-code'],
    answer: at('duplicate', () => scimError(422, 'userName is taken.')),
  },
  {
    name: 'lookup-404',
    client: 'okta',
    step: 'lookup',
    verdicts: ['rfc.filter-not-found', 'okta.lookup-list'],
    answer: at('lookup', () => scimError(404, 'No such user.')),
  },
  {
    name: 'entra-lookup-404',
    client: 'entra',
    step: 'lookup',
    verdicts: ['rfc.filter-not-found', 'entra.lookup-list'],
    answer: at('lookup', () => scimError(404, 'No such user.')),
  },
  {
    name: 'lookup-bare-resource',
    client: 'okta',
    step: 'lookup',
    verdicts: ['rfc.list-schema', 'okta.lookup-list'],
    answer: at('lookup', (a) => withBody(a, (body) => body.Resources[0])),
  },
  {
    name: 'lookup-without-total',
    client: 'okta',
    step: 'lookup',
    verdicts: ['rfc.list-total', 'okta.lookup-list'],
    answer: at('lookup', (a) => withBody(a, ({ totalResults: _total, ...rest }) => rest)),
  },
  {
    name: 'read-text-body',
    client: 'okta',
    step: 'read',
    verdicts: ['rfc.content-type', 'rfc.body-not-json'],
    answer: at('read', (a) => ({ ...a, headers: { 'content-type': 'text/plain' }, body: 'user jane' })),
  },
  {
    name: 'read-json-content-type',
    client: 'okta',
    step: 'read',
    verdicts: ['rfc.content-type'],
    answer: at('read', (a) => ({ ...a, headers: { ...a.headers, 'content-type': 'application/json' } })),
  },
  {
    name: 'read-without-schemas',
    client: 'okta',
    step: 'read',
    verdicts: ['rfc.resource-schemas'],
    answer: at('read', (a) => withBody(a, ({ schemas: _schemas, ...rest }) => rest)),
  },
  {
    name: 'read-without-meta',
    client: 'okta',
    step: 'read',
    verdicts: ['rfc.resource-meta'],
    answer: at('read', (a) => withBody(a, ({ meta: _meta, ...rest }) => rest)),
  },
  {
    name: 'read-wrong-location',
    client: 'okta',
    step: 'read',
    verdicts: ['rfc.meta-location'],
    answer: at('read', (a) => withBody(a, (body) => ({ ...body, meta: { ...body.meta, location: body.meta.location.replace(body.id, 'someone-else') } }))),
  },
  {
    name: 'read-etag-mismatch',
    client: 'okta',
    step: 'read',
    verdicts: ['rfc.etag-version'],
    answer: at('read', (a) => ({ ...a, headers: { ...a.headers, etag: 'W/"99"' } })),
  },
  {
    name: 'entra-read-404',
    client: 'entra',
    step: 'read',
    verdicts: ['entra.quarantine-404'],
    answer: at('read', () => scimError(404, 'Gone.')),
  },
  {
    name: 'patch-not-applied',
    client: 'okta',
    step: 'patch',
    verdicts: ['rfc.patch-result'],
    answer: at('patch', (a) => withBody(a, (body) => ({ ...body, active: true }))),
  },
  { name: 'patch-201', client: 'okta', step: 'patch', verdicts: ['rfc.patch-status'], answer: at('patch', (a) => ({ ...a, status: 201 })) },
  {
    name: 'entra-patch-404',
    client: 'entra',
    step: 'patch',
    verdicts: ['entra.quarantine-404'],
    answer: at('patch', () => scimError(404, 'Gone.')),
  },
  {
    name: 'entra-replace-500',
    client: 'entra',
    step: 'replace',
    verdicts: ['entra.server-error'],
    answer: at('replace', () => scimError(500, 'Database down.')),
  },
  { name: 'replace-201', client: 'okta', step: 'replace', verdicts: ['rfc.replace-status'], answer: at('replace', (a) => ({ ...a, status: 201 })) },
  {
    name: 'page-paging-strings',
    client: 'okta',
    step: 'page',
    verdicts: ['rfc.list-paging-integers'],
    answer: at('page', (a) => withBody(a, (body) => ({ ...body, startIndex: String(body.startIndex), itemsPerPage: String(body.itemsPerPage) }))),
  },
  {
    name: 'page-items-per-page-lie',
    client: 'okta',
    step: 'page',
    verdicts: ['rfc.list-items-per-page', 'okta.import-paging'],
    answer: at('page', (a, request) => withBody(a, (body) => ({ ...body, itemsPerPage: Number(request.query.count) }))),
  },
  {
    name: 'page-ignores-count',
    client: 'okta',
    step: 'page',
    verdicts: ['rfc.list-count'],
    answer: at('page', (a) =>
      withBody(a, (body) => {
        const extra = [1, 2].map((n) => ({ ...body.Resources[0], id: `extra-${n}`, userName: `extra.${n}@example.com` }));
        const Resources = [...body.Resources, ...extra];
        return { ...body, totalResults: Resources.length, itemsPerPage: Resources.length, Resources };
      }),
    ),
  },
  {
    name: 'page-start-index-from-0',
    client: 'okta',
    step: 'page',
    verdicts: ['rfc.list-start-index', 'okta.import-paging'],
    answer: at('page', (a) => withBody(a, (body) => ({ ...body, startIndex: 0 }))),
  },
  {
    name: 'page-total-short',
    client: 'okta',
    step: 'page',
    verdicts: ['rfc.list-total-short'],
    answer: at('page', (a) => withBody(a, (body) => ({ ...body, totalResults: 0 }))),
  },
  {
    name: 'page-resource-without-id',
    client: 'okta',
    step: 'page',
    verdicts: ['rfc.list-resource-id'],
    answer: at('page', (a) => withBody(a, (body) => ({ ...body, Resources: body.Resources.map(({ id: _id, ...rest }: any) => rest) }))),
  },
  {
    name: 'page-resources-not-array',
    client: 'okta',
    step: 'page',
    verdicts: ['rfc.list-resources'],
    answer: at('page', (a) => withBody(a, ({ Resources: _resources, ...body }) => ({ ...body, itemsPerPage: 0 }))),
  },
  { name: 'delete-200', client: 'okta', step: 'delete', verdicts: ['rfc.delete-status'], answer: at('delete', (a) => ({ ...a, status: 200 })) },
];

/** One answer as the upstream sent it (after its planted fault), in the order they were sent. */
export interface SentAnswer {
  tenant: string;
  method: string;
  /** The path and query as the upstream received them. */
  url: string;
  /** The Authorization header it was sent with. */
  authorization: string | undefined;
  /** The request's headers as received (authorization included). */
  requestHeaders: Record<string, string | string[] | undefined>;
  /** The request's body text as received ('' for none). */
  requestBody: string;
  status: number;
  /** The headers fastify sent (names in lower case, content-length included); Node's own (date, connection, keep-alive) are not among them. */
  headers: Record<string, string>;
  /** The answer has gone out whole: its headers are complete. */
  finished: boolean;
  /** The body text ('' for none). */
  body: string;
}

export interface VerdictUpstream {
  origin: string;
  /** The bearer token the upstream accepts: any other credentials are answered 401. */
  token: string;
  /** Every answer sent so far. */
  answers: SentAnswer[];
  close: () => Promise<void>;
}

/**
 * A SCIM upstream on fastify, in memory, correct at `/good/scim/v2` and with one planted fault at
 * `/<fault name>/scim/v2` (VERDICT_FAULTS): 201 with Location and meta on create, ETag = meta.version,
 * ListResponses with integer paging, SCIM errors (409 uniqueness on a taken userName). Users only,
 * filters only `userName eq "…"`. Each base path has its own users. It accepts only its own bearer
 * token, and keeps every answer it sends, so a test can compare them with what a client received.
 */
export async function startVerdictUpstream(): Promise<VerdictUpstream> {
  const app: FastifyInstance = Fastify();
  const token = `verdict-upstream-${randomUUID()}`;
  const answers: SentAnswer[] = [];
  const requestBodies = new WeakMap<FastifyRequest, string>();
  app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, (request, body, done) => {
    requestBodies.set(request, body as string);
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(error as Error);
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization === `Bearer ${token}`) return;
    const refused = scimError(401, 'Bad credentials.');
    return reply.code(refused.status).headers(refused.headers).send(JSON.stringify(refused.body));
  });
  // Kept when the answer is about to go (so in the order sent), its headers completed once fastify has set them all.
  const pending = new WeakMap<FastifyRequest, SentAnswer>();
  app.addHook('onSend', async (request, reply, payload) => {
    const answer: SentAnswer = {
      tenant: request.url.split('/')[1] ?? '',
      method: request.method,
      url: request.url,
      authorization: request.headers.authorization,
      requestHeaders: { ...request.headers },
      requestBody: requestBodies.get(request) ?? '',
      status: reply.statusCode,
      headers: {},
      finished: false,
      body: payload === undefined || payload === null ? '' : String(payload),
    };
    answers.push(answer);
    pending.set(request, answer);
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    const answer = pending.get(request);
    if (!answer) return;
    answer.headers = Object.fromEntries(Object.entries(reply.getHeaders()).map(([name, value]) => [name.toLowerCase(), String(value)]));
    answer.finished = true;
  });
  const tenants = new Map<string, Map<string, Record<string, any>>>();
  const faults = new Map(VERDICT_FAULTS.map((fault) => [fault.name, fault]));

  app.all('/:tenant/scim/v2/*', async (request: FastifyRequest<{ Params: { tenant: string; '*': string } }>, reply) => {
    const { tenant } = request.params;
    const fault = faults.get(tenant);
    if (tenant !== 'good' && !fault) return reply.code(404).send();
    const users = tenants.get(tenant) ?? new Map<string, Record<string, any>>();
    tenants.set(tenant, users);
    const base = `http://${request.headers.host}/${tenant}/scim/v2`;
    const upstreamRequest: UpstreamRequest = {
      method: request.method,
      path: `/${request.params['*']}`.split('?')[0]!,
      query: request.query as Record<string, string>,
      body: request.body,
    };
    const answer = correctAnswer(upstreamRequest, users, base);
    const sent = fault ? fault.answer(upstreamRequest, answer) : answer;
    reply.code(sent.status).headers(sent.headers);
    return sent.body === undefined ? reply.send() : reply.send(typeof sent.body === 'string' ? sent.body : JSON.stringify(sent.body));
  });

  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { origin: address.replace('localhost', '127.0.0.1'), token, answers, close: () => app.close() };
}

function correctAnswer(request: UpstreamRequest, users: Map<string, Record<string, any>>, base: string): UpstreamAnswer {
  const json = (status: number, body: Record<string, any>, extra: Record<string, string> = {}): UpstreamAnswer => ({
    status,
    headers: { 'content-type': 'application/scim+json; charset=utf-8', ...(body.meta?.version && { etag: body.meta.version }), ...extra },
    body,
  });
  const id = request.path.split('/')[2];
  const user = id === undefined ? undefined : users.get(id);
  const store = (stored: Record<string, any>, version: number) => {
    const document = {
      ...stored,
      schemas: [USER],
      meta: {
        resourceType: 'User',
        created: '2026-01-01T00:00:00Z',
        lastModified: '2026-01-01T00:00:00Z',
        location: `${base}/Users/${stored.id}`,
        version: `W/"${version}"`,
      },
    };
    users.set(stored.id, document);
    return document;
  };
  const version = (document: Record<string, any>) => Number(/\d+/.exec(document.meta.version)![0]);
  if (request.path === '/Users' && request.method === 'POST') {
    const body = request.body ?? {};
    if ([...users.values()].some((existing) => existing.userName.toLowerCase() === String(body.userName).toLowerCase()))
      return { ...scimError(409, 'userName is taken.'), body: { schemas: [ERROR], status: '409', scimType: 'uniqueness', detail: 'userName is taken.' } };
    const created = store({ ...body, id: randomUUID() }, 1);
    return json(201, created, { location: created.meta.location });
  }
  if (request.path === '/Users' && request.method === 'GET') {
    const match = request.query.filter ? /^userName eq "(.*)"$/.exec(request.query.filter) : null;
    const all = [...users.values()].filter((candidate) => !match || candidate.userName.toLowerCase() === match[1]!.toLowerCase());
    const startIndex = Math.max(1, Number(request.query.startIndex ?? 1));
    const count = Math.max(0, Number(request.query.count ?? 100));
    const page = all.slice(startIndex - 1, startIndex - 1 + count);
    return json(200, { schemas: [LIST], totalResults: all.length, startIndex, itemsPerPage: page.length, Resources: page });
  }
  if (!user) return scimError(404, `User ${id} not found.`);
  if (request.method === 'GET') return json(200, user);
  if (request.method === 'DELETE') {
    users.delete(user.id);
    return { status: 204, headers: {} };
  }
  if (request.method === 'PUT') return json(200, store({ ...request.body, id: user.id }, version(user) + 1));
  if (request.method === 'PATCH') {
    // Enough PATCH for the scenario: path-less or simple-path replaces.
    const patched = { ...user };
    for (const operation of request.body?.Operations ?? []) {
      if (operation.path) patched[operation.path] = operation.value;
      else Object.assign(patched, operation.value);
    }
    return json(200, store(patched, version(user) + 1));
  }
  return scimError(405, 'Not supported.');
}
