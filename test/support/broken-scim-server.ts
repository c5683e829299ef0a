import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';

/**
 * A small SCIM server for the conformance check's tests that gets two things wrong on purpose:
 * it answers creates with 200 instead of 201, and sends `application/json` instead of
 * `application/scim+json`. Everything else is right enough for the checks, so the report must
 * name exactly the failures those two faults cause. In memory; filters only `attr eq "value"`.
 */
export async function startBrokenScimServer(token: string): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const app: FastifyInstance = Fastify();
  app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(error as Error);
    }
  });
  const store = { Users: new Map<string, Record<string, any>>(), Groups: new Map<string, Record<string, any>>() };
  const json = (reply: FastifyReply, status: number, body?: unknown) =>
    reply
      .code(status)
      .type('application/json')
      .send(body === undefined ? '' : JSON.stringify(body));
  const error = (reply: FastifyReply, status: number, detail: string, scimType?: string) =>
    json(reply, status, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail, ...(scimType && { scimType }) });
  const list = (resources: Record<string, any>[], startIndex = 1, count = 100) => {
    const page = resources.slice(startIndex - 1, startIndex - 1 + count);
    return {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: resources.length,
      startIndex,
      itemsPerPage: page.length,
      Resources: page,
    };
  };
  const truthy = (value: unknown) => value === true || (typeof value === 'string' && value.toLowerCase() === 'true');

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/scim/v2/')) return;
    if (request.headers.authorization !== `Bearer ${token}`) await error(reply, 401, 'Bad token.');
  });
  app.get('/scim/v2/ServiceProviderConfig', (_request, reply) =>
    json(reply, 200, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      filter: { supported: true, maxResults: 100 },
      bulk: { supported: false },
    }),
  );
  app.get('/scim/v2/ResourceTypes', (_request, reply) => json(reply, 200, list([{ name: 'User' }, { name: 'Group' }])));
  app.get('/scim/v2/Schemas', (_request, reply) => json(reply, 200, list([{ id: 'urn:ietf:params:scim:schemas:core:2.0:User' }])));

  for (const type of ['Users', 'Groups'] as const) {
    const resources = store[type];
    app.get<{ Querystring: { filter?: string; startIndex?: string; count?: string; excludedAttributes?: string } }>(`/scim/v2/${type}`, (request, reply) => {
      let all = [...resources.values()];
      const match = request.query.filter ? /^(\w+) eq "(.*)"$/.exec(request.query.filter) : null;
      if (match) all = all.filter((resource) => String(resource[match[1]!] ?? '').toLowerCase() === match[2]!.toLowerCase());
      if (request.query.excludedAttributes === 'members') all = all.map(({ members: _members, ...rest }) => rest);
      return json(reply, 200, list(all, Number(request.query.startIndex ?? 1), Number(request.query.count ?? 100)));
    });
    app.get<{ Params: { id: string } }>(`/scim/v2/${type}/:id`, (request, reply) => {
      const resource = resources.get(request.params.id);
      return resource ? json(reply, 200, resource) : error(reply, 404, `${type} ${request.params.id} not found.`);
    });
    app.post<{ Body: Record<string, any> }>(`/scim/v2/${type}`, (request, reply) => {
      const body = request.body;
      if (type === 'Users' && [...resources.values()].some((user) => user.userName.toLowerCase() === String(body.userName).toLowerCase()))
        return error(reply, 409, 'userName taken.', 'uniqueness');
      const resource = { ...body, id: randomUUID(), ...(type === 'Groups' && { members: body.members ?? [] }) };
      resources.set(resource.id, resource);
      return json(reply, 200, resource); // wrong on purpose: 201
    });
    app.put<{ Params: { id: string }; Body: Record<string, any> }>(`/scim/v2/${type}/:id`, (request, reply) => {
      if (!resources.has(request.params.id)) return error(reply, 404, 'not found');
      const resource = { ...request.body, id: request.params.id };
      resources.set(request.params.id, resource);
      return json(reply, 200, resource);
    });
    app.delete<{ Params: { id: string } }>(`/scim/v2/${type}/:id`, (request, reply) =>
      resources.delete(request.params.id) ? reply.code(204).send() : error(reply, 404, 'not found'),
    );
    app.patch<{ Params: { id: string }; Body: { Operations: { op: string; path?: string; value?: any }[] } }>(`/scim/v2/${type}/:id`, (request, reply) => {
      const resource = resources.get(request.params.id);
      if (!resource) return error(reply, 404, 'not found');
      for (const operation of request.body.Operations) {
        const op = operation.op.toLowerCase();
        const memberFilter = operation.path ? /^members\[value eq "(.+)"\]$/.exec(operation.path) : null;
        if (op === 'replace' && !operation.path) Object.assign(resource, Object.fromEntries(Object.entries(operation.value).filter(([key]) => key !== 'id')));
        else if (op === 'replace' && operation.path === 'active') resource.active = truthy(operation.value);
        else if (op === 'replace' && operation.path) resource[operation.path] = operation.value;
        else if (op === 'add' && operation.path === 'members') resource.members = [...(resource.members ?? []), ...operation.value];
        else if (op === 'remove' && memberFilter) resource.members = (resource.members ?? []).filter((m: { value: string }) => m.value !== memberFilter[1]);
        else if (op === 'remove' && operation.path === 'members') {
          const gone = new Set((operation.value ?? []).map((m: { value: string }) => m.value));
          resource.members = (resource.members ?? []).filter((m: { value: string }) => !gone.has(m.value));
        }
      }
      return json(reply, 200, resource);
    });
  }
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { baseUrl: `${address.replace('localhost', '127.0.0.1')}/scim/v2`, close: () => app.close() };
}
