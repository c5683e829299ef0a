import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { IncomingMessage } from 'node:http';
import { ScimError } from '../scim/errors';
import { DEFAULT_WORKSPACE } from '../store/workspaces';
import type { Workbench } from '../workbench';
import { forwardToUpstream, type Forwarding } from './forward';
import { proxySecretsOf } from './proxy-config';
import { ShadowCopies } from './shadow-copies';
import { UpstreamAgents } from './upstream-agents';
import { UpstreamCredentials } from './upstream-credentials';

/**
 * Proxy mode's place in the SCIM API (scim-api.ts registers it after the auth hook and the hooks
 * that follow it, so those apply to proxied traffic too): an onRequest hook that forwards every
 * request of a proxy workspace to its upstream before its body is read (so it streams), and a
 * catch-all route that exists for proxy workspaces only, so paths this server does not serve
 * (`/Devices`, a vendor's endpoint) reach the upstream too while a local workspace still answers
 * them 404 as before. Not encapsulated: the hook must reach the routes registered after it.
 */
export const proxyForwarding = fp(
  async function proxyForwarding(app: FastifyInstance, options: { workbench: Workbench }) {
    const forwarding = forwardingOf(options.workbench);
    app.addHook('onClose', async () => forwarding.agents.destroy());

    // Synchronous for a local workspace's request (nearly all): an async hook costs a promise each time.
    // A forwarded request is answered once forwardToUpstream resolves: fastify skips the rest for a sent reply.
    app.addHook('onRequest', (request, reply, done) => {
      const proxy = request.scim?.settings?.proxy;
      if (!proxy) return done();
      // A replacing mode authenticates the IdP here: its OAuth token endpoint is the workspace's own.
      if (proxy.auth.mode !== 'pass-through' && request.routeOptions.url?.endsWith('/oauth/token')) return done();
      forwardToUpstream(forwarding, proxy, request, reply).then(() => done(), done);
    });

    addProxyConstraint(app, options.workbench);
    app.all('/*', { constraints: { [CONSTRAINT]: 'proxy' } }, async (request) => {
      // Reached only when the hook did not forward: the workspace stopped being a proxy meanwhile.
      throw ScimError.notFound(`No SCIM endpoint at ${request.method} ${request.url.split('?')[0]}.`);
    });
  },
  { name: 'scim-proxy-forwarding' },
);

const forwardingByWorkbench = new WeakMap<Workbench, Forwarding>();

/** One set of pools, token sources and shadow copies per workbench, shared by its two SCIM prefixes. */
function forwardingOf(workbench: Workbench): Forwarding {
  let forwarding = forwardingByWorkbench.get(workbench);
  if (!forwarding) {
    const secrets = proxySecretsOf(workbench.db);
    forwarding = {
      agents: new UpstreamAgents(),
      credentials: new UpstreamCredentials(),
      shadows: new ShadowCopies(workbench.db),
      secretOf: (workspaceId) => secrets.get(workspaceId),
      recordLater: (draft) => workbench.recorder.recordLater(draft),
    };
    forwardingByWorkbench.set(workbench, forwarding);
  }
  return forwarding;
}

const CONSTRAINT = 'scimWorkspaceKind';
const WORKSPACE_IN_URL = /^\/+(?:w\/+([^/?#]+)\/+)?scim\/+v2(?=[/?#]|$)/i;
/** How long the router trusts what it read of a workspace's kind: only unknown paths depend on it. */
const KIND_TTL_MS = 1_000;

/**
 * A router constraint telling proxy workspaces from local ones by the URL's workspace. The router
 * asks it for every request once a route uses it, so the answer is kept a second per workspace.
 */
function addProxyConstraint(app: FastifyInstance, workbench: Workbench): void {
  if (app.hasConstraintStrategy(CONSTRAINT)) return;
  const kinds = new Map<string, { kind: string; at: number }>();
  const kindOf = (slug: string): string => {
    const now = Date.now();
    const known = kinds.get(slug);
    if (known && now - known.at < KIND_TTL_MS) return known.kind;
    const kind = workbench.workspaces.find(slug)?.settings.proxy ? 'proxy' : 'local';
    if (kinds.size >= 256) kinds.clear();
    kinds.set(slug, { kind, at: now });
    return kind;
  };
  app.addConstraintStrategy({
    name: CONSTRAINT,
    storage() {
      const handlers = new Map<string, unknown>();
      return {
        get: (value: string) => (handlers.get(value) as never) ?? null,
        set: (value: string, handler: unknown) => void handlers.set(value, handler),
      };
    },
    deriveConstraint(request: IncomingMessage) {
      const match = WORKSPACE_IN_URL.exec(request.url ?? '');
      if (!match) return 'local';
      return kindOf(match[1]?.toLowerCase() ?? DEFAULT_WORKSPACE);
    },
    mustMatchWhenDerived: false,
  });
}
