import type { CliIo } from '../cli-io';
import type { WorkspaceSettings } from '../../engine/settings/workspace-settings';
import { openWorkbench, type Workbench } from '../../engine/workbench';
import { InputFileError, readInputTextFile } from '../../engine/files/input-file';
import { describeProxy, proxyRequestFromOptions, type ProxyCliOptions } from '../proxy-options';
import { configureProxy, removeProxy } from '../../engine/proxy/proxy-config';

function withWorkbench(db: string, work: (workbench: Workbench) => void) {
  const workbench = openWorkbench({ dbPath: db });
  try {
    work(workbench);
  } finally {
    workbench.close();
  }
}

export function listWorkspaces(options: { db: string }, io: CliIo): void {
  withWorkbench(options.db, (workbench) => {
    for (const item of workbench.workspaces.list()) {
      const path = item.slug === 'default' ? '/scim/v2' : `/w/${item.slug}/scim/v2`;
      io.out(`${item.slug}\t${path}\t${item.name}${item.settings.proxy ? `\tproxy → ${item.settings.proxy.upstream}` : ''}`);
      for (const line of describeProxy(item.settings.proxy).slice(1)) io.out(`  ${line}`);
    }
  });
}

export function createWorkspace(name: string, options: { db: string; title?: string }, io: CliIo): void {
  withWorkbench(options.db, (workbench) => {
    const created = workbench.workspaces.create(name, options.title ?? name);
    io.out(`Workspace: ${created.slug}`);
    io.out(`SCIM path: /w/${created.slug}/scim/v2`);
    io.out(`Token: ${created.token}`);
  });
}

export function configureWorkspace(name: string, options: ConfigureOptions, io: CliIo): void {
  // Everything is read and checked before the database is opened, so a bad option or
  // file stores nothing (configure itself also validates every key before writing).
  const changes = settingsChanges(options);
  const proxy = proxyRequestFromOptions(options);
  if (proxy && options.local) throw new Error('Give --proxy <url> or --local, not both.');
  withWorkbench(options.db, (workbench) => {
    if (!workbench.workspaces.find(name)) throw new Error(`No workspace named "${name}"; \`scim-workbench workspace list\` shows them.`);
    const transaction = workbench.db.transaction(() => {
      if (Object.keys(changes).length > 0) workbench.workspaces.configure(name, changes);
      if (proxy) configureProxy(workbench.db, workbench.workspaces, name, proxy);
      if (options.local) removeProxy(workbench.db, workbench.workspaces, name);
    });
    // The write lock first: a deferred transaction that read before serve's next write could not write after it.
    transaction.immediate();
    const workspace = workbench.workspaces.find(name)!;
    io.out(JSON.stringify(workspace.settings, null, 2));
    // The upstream's secret is never printed: only that one is stored.
    for (const line of describeProxy(workspace.settings.proxy).slice(1)) io.err(line);
  });
}

export function deleteWorkspace(name: string, options: { db: string }, io: CliIo): void {
  withWorkbench(options.db, (workbench) => {
    workbench.workspaces.delete(name);
    io.out(`Deleted workspace ${name}.`);
  });
}

export interface ConfigureOptions extends ProxyCliOptions {
  db: string;
  local?: boolean;
  compatibility?: string;
  lenientSchema?: string;
  reprovision?: string;
  extensions?: string;
  retentionDays?: string;
  retentionExchanges?: string;
  retentionMegabytes?: string;
  auth?: string;
  authUsername?: string;
  authHeader?: string;
  clientId?: string;
  tokenLifetime?: string;
}

/** The options given, as settings keys; values are checked by parseSettings, whose messages name the key. */
function settingsChanges(options: ConfigureOptions): Partial<Record<keyof WorkspaceSettings, unknown>> {
  const changes: Partial<Record<keyof WorkspaceSettings, unknown>> = {};
  if (options.compatibility !== undefined) changes.compatibility = options.compatibility;
  if (options.reprovision !== undefined) changes.reprovision = options.reprovision;
  if (options.lenientSchema !== undefined) {
    const value = { on: true, off: false }[options.lenientSchema.toLowerCase()];
    if (value === undefined) throw new Error(`--lenient-schema must be on or off; got "${options.lenientSchema}".`);
    changes.lenientSchema = value;
  }
  if (options.extensions !== undefined) changes.extensions = readExtensions(options.extensions);
  const retention: Record<string, unknown> = {};
  if (options.retentionDays !== undefined) retention.days = retentionLimit(options.retentionDays);
  if (options.retentionExchanges !== undefined) retention.exchanges = retentionLimit(options.retentionExchanges);
  if (options.retentionMegabytes !== undefined) retention.megabytes = retentionLimit(options.retentionMegabytes);
  if (Object.keys(retention).length > 0) changes.retention = retention;
  const auth: Record<string, unknown> = {};
  if (options.auth !== undefined) auth.mode = options.auth;
  if (options.authUsername !== undefined) auth.username = options.authUsername;
  if (options.authHeader !== undefined) auth.headerName = options.authHeader;
  if (options.clientId !== undefined) auth.clientId = options.clientId;
  // A number when it reads as one, so the settings' own message ("a whole number of seconds") names a wrong value.
  if (options.tokenLifetime !== undefined)
    auth.tokenLifetimeSeconds = /^\d+$/.test(options.tokenLifetime) ? Number(options.tokenLifetime) : options.tokenLifetime;
  if (Object.keys(auth).length > 0) changes.auth = auth;
  return changes;
}

/** `off` turns a limit off (null); digits are a number; anything else goes on as text, for parseSettings to refuse by name. */
function retentionLimit(value: string): unknown {
  if (value.trim().toLowerCase() === 'off') return null;
  return /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

function readExtensions(file: string): unknown {
  let text: string;
  try {
    text = readInputTextFile(file);
  } catch (error) {
    throw new Error(`Cannot read extensions file "${file}": ${error instanceof InputFileError ? error.reason : (error as Error).message}.`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // JSON.parse messages are one line; the file name says which input was wrong.
    throw new Error(`Extensions file "${file}" is not valid JSON: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}
