/**
 * Proxy mode (issue 23): a workspace that forwards every SCIM request to the user's own SCIM server
 * (the upstream) and records both sides. Shared by the engine (which forwards), the admin API, the
 * CLI and the inspector (which configure it). Free of Node and DOM imports.
 */

/**
 * How the workbench authenticates to the upstream. `pass-through` sends the IdP's own credentials
 * (the upstream authenticates the IdP; the workbench checks nothing); the others replace them with
 * the upstream's own, after the IdP authenticated to the workspace as usual.
 */
export const PROXY_AUTH_MODES = ['pass-through', 'bearer', 'basic', 'header', 'oauth'] as const;
export type ProxyAuthMode = (typeof PROXY_AUTH_MODES)[number];

/**
 * The non-secret part of the upstream's credentials. The one secret (bearer token, Basic password,
 * header value, OAuth client secret) is stored apart, never in settings, never shown again.
 */
export interface ProxyAuthSettings {
  mode: ProxyAuthMode;
  /** `basic`: the username sent with the secret as password. */
  username?: string;
  /** `header`: the header whose value is the secret, e.g. X-Api-Key. */
  headerName?: string;
  /** `oauth`: the upstream's token endpoint and the client id sent with the secret. */
  tokenUrl?: string;
  clientId?: string;
}

/** Stored in the workspace's settings as `proxy`; absent: the workspace is the workbench's own SCIM server. */
export interface ProxySettings {
  /** The upstream's SCIM base URL, e.g. http://localhost:3000/scim/v2: a request's path under the workspace's base is appended to it. */
  upstream: string;
  auth: ProxyAuthSettings;
  /** Accept a self-signed or otherwise unverifiable TLS certificate from the upstream (a staging server). Off by default. */
  insecureTls: boolean;
  /** How long to wait for a connection to the upstream, in ms (then 504). */
  connectTimeoutMs: number;
  /** How long to wait for the upstream's answer (and between parts of its body), in ms (then 504). */
  timeoutMs: number;
  /** After a write the upstream answered with success, GET the resource to observe what it stored (one round trip more per write). */
  observeAfterWrite: boolean;
}

export const DEFAULT_PROXY_TIMEOUTS = Object.freeze({ connectTimeoutMs: 5_000, timeoutMs: 30_000 });
/** 1 ms (tests) to 10 minutes. */
export const PROXY_TIMEOUT_LIMITS = Object.freeze({ min: 1, max: 600_000 });

export type WorkspaceKind = 'local' | 'proxy';

/** The warning every view and CLI output showing such a workspace carries. */
export function insecureTlsWarning(proxy: Pick<ProxySettings, 'insecureTls' | 'upstream'> | undefined | null): string | undefined {
  if (!proxy?.insecureTls || !proxy.upstream.toLowerCase().startsWith('https:')) return undefined;
  return `Warning: the upstream's TLS certificate is not verified (${proxy.upstream}): anyone between the workbench and it could read and change the traffic. Use only with a staging server's self-signed certificate.`;
}

/** PUT /api/workspaces/:slug/proxy — makes the workspace a proxy (or changes its proxy settings). */
export interface ProxyConfigRequest {
  upstream: string;
  auth?: ProxyAuthSettings & {
    /** The upstream's secret for the mode; omitted: the stored one is kept (the same mode only). */
    secret?: string;
  };
  insecureTls?: boolean;
  connectTimeoutMs?: number;
  timeoutMs?: number;
  observeAfterWrite?: boolean;
}

/** GET/PUT/DELETE /api/workspaces/:slug/proxy — never the secret itself. */
export interface ProxyConfigResponse {
  kind: WorkspaceKind;
  proxy?: ProxySettings;
  /** A secret for the upstream is stored (the modes other than pass-through need one). */
  secretStored: boolean;
  /** insecureTlsWarning, when it applies. */
  warning?: string;
}
