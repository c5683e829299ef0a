import type { CliIo } from '../cli-io';
import { tokenEndpointOf, type AuthSettings } from '../../shared/auth-modes';
import { startEngine } from '../../engine/engine';
import { explainStartFailure } from '../start-failure';
import { loadRulesFile, readRulesFile } from './faults';
import { describeHostKey, describeTunnelStatus, tunnelFromOptions, type TunnelCliOptions } from '../tunnel-option';
import { describeProxy, proxyRequestFromOptions, type ProxyCliOptions } from '../proxy-options';
import { configureProxy } from '../../engine/proxy/proxy-config';
import { openWorkbench } from '../../engine/workbench';

export interface ServeOptions extends TunnelCliOptions, ProxyCliOptions {
  workspace: string;
  port: number;
  host: string;
  db: string;
  token?: string;
  quiet?: boolean;
  maxConnections: number;
  adminPort?: number;
  newAdminToken?: boolean;
  faults?: string;
}

/** `serve`: the SCIM server (and inspector) headless until SIGINT or SIGTERM; prints where to reach it. */
export async function serve(options: ServeOptions, io: CliIo): Promise<void> {
  // Signal handlers go in before anything is printed: whoever reads "Token:" may send
  // SIGTERM at once, and a signal during start-up must still shut down cleanly.
  const stopRequested = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  // A bad rules file stops the start before anything listens or is stored.
  const faultsFile = options.faults === undefined ? undefined : readRulesFile(options.faults);
  const tunnel = tunnelFromOptions(options);
  const proxy = proxyRequestFromOptions(options);
  // Made a proxy before the listener opens, so no request is served locally meanwhile.
  if (proxy) withProxyConfigured(options.db, options.workspace, proxy);
  let online = false;
  const engine = await startEngine({
    tunnel,
    onTunnelStatus: (status) => {
      // The first "online" is printed below with the other addresses; later changes as they happen.
      if (status.state === 'online' && !online) return void (online = true);
      const line = describeTunnelStatus(status);
      if (line) io.out(line);
    },
    dbPath: options.db,
    host: options.host,
    port: options.port,
    token: options.token,
    // Remembered in the database, so the Inspector URL stays the same and an open tab reconnects after a restart.
    adminPort: options.adminPort ?? 'remembered',
    adminToken: options.newAdminToken ? 'new-remembered' : 'remembered',
    limits: { maxConnections: options.maxConnections },
    onRequestLog: options.quiet ? undefined : (line) => io.out(line),
    // The engine log (start, stop, tunnels, 500s with their stacks) also goes to stderr, as JSON lines.
    logToStderr: true,
  }).catch((error: unknown) => {
    throw explainStartFailure(error, options.port);
  });
  if (faultsFile) {
    try {
      io.out(loadRulesFile(engine.workbench, faultsFile));
    } catch (error) {
      await engine.close();
      throw error;
    }
  }
  io.out(`SCIM base URL: ${engine.scimBaseUrl}`);
  io.out(`Token: ${engine.token}`);
  // Said only when the IdP needs more than the token as a bearer token (the line tests and scripts read stays as it was).
  const auth = engine.workbench.workspaces.find('default')?.settings.auth;
  if (auth && auth.mode !== 'bearer') io.out(`Auth mode: ${describeAuth(auth, engine.scimBaseUrl)}`);
  io.out(`Database: ${engine.dbPath}`);
  if (engine.logFile) io.out(`Log: ${engine.logFile}`);
  for (const workspace of engine.workbench.workspaces.list()) {
    for (const line of describeProxy(workspace.settings.proxy)) io.out(workspace.slug === 'default' ? line : `[workspace ${workspace.slug}] ${line}`);
  }
  if (engine.publicScimBaseUrl) io.out(`Public SCIM base URL: ${engine.publicScimBaseUrl}`);
  const hostKey = engine.tunnels.state?.hostKey;
  if (hostKey) io.out(describeHostKey(hostKey));
  const changed = engine.tunnels.state?.previousPublicScimBaseUrl;
  if (changed) io.out(`The public URL changed since the last run (was ${changed}): paste the new one into the IdP.`);
  if (engine.adminPortMovedFrom !== undefined) {
    io.out(
      `Admin port ${engine.adminPortMovedFrom} (remembered from the last start) is in use; the inspector moved to port ${new URL(engine.adminUrl).port}, kept from now on: open the new Inspector URL.`,
    );
  }
  io.out(`Inspector: ${engine.inspectorUrl}`);
  io.out(`Admin API: ${engine.adminUrl} (this machine only; token below)`);
  io.out(`Admin token: ${engine.adminToken}`);
  if (options.host !== '127.0.0.1' && options.host !== 'localhost' && options.host !== '::1') {
    io.out(`Warning: listening on ${options.host}, reachable from other machines; anyone with the token can provision.`);
  }
  io.out('Press Ctrl-C to stop.');
  const signal = await stopRequested;
  io.out(`${signal}: shutting down…`);
  await engine.close();
}

function withProxyConfigured(db: string, slug: string, proxy: NonNullable<ReturnType<typeof proxyRequestFromOptions>>): void {
  const workbench = openWorkbench({ dbPath: db });
  try {
    if (slug === 'default') workbench.workspaces.ensureDefault();
    if (!workbench.workspaces.find(slug)) throw new Error(`No workspace named "${slug}"; create it with \`scim-workbench workspace create ${slug}\`.`);
    configureProxy(workbench.db, workbench.workspaces, slug, proxy);
  } finally {
    workbench.close();
  }
}

/** The default workspace's auth mode in one line: what besides the token (its secret) the IdP needs. */
function describeAuth(auth: AuthSettings, scimBaseUrl: string): string {
  switch (auth.mode) {
    case 'basic':
      return `HTTP Basic, username "${auth.username}", the token as password`;
    case 'header':
      return `the token in the "${auth.headerName}" header`;
    case 'oauth':
      return `OAuth 2.0 client credentials, token endpoint ${tokenEndpointOf(scimBaseUrl)}, client id "${auth.clientId}", the token as client secret`;
    default:
      return 'bearer token';
  }
}
