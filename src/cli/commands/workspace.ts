import type { CliIo } from '../cli-io';
import type { Command } from 'commander';
import { COMPATIBILITY_MODES } from '../../engine/compat/modes';
import type { ConfigureOptions } from '../actions/workspace';
import { dbOption } from '../options';
import { addProxyOptions } from '../proxy-options';

const actions = () => import('../actions/workspace');

/** Workspaces are isolated SCIM tenants, so Okta and Entra can be connected side by side. */
export function registerWorkspace(program: Command, io: CliIo) {
  const workspace = program.command('workspace').description('List, create, configure and delete workspaces (isolated SCIM tenants).');

  workspace
    .command('list')
    .description('List workspaces and their SCIM paths.')
    .addOption(dbOption())
    .action(async (options: { db: string }) => (await actions()).listWorkspaces(options, io));

  workspace
    .command('create <name>')
    .description('Create a workspace served at /w/<name>/scim/v2 with its own token.')
    .option('--title <title>', 'a human-readable title')
    .addOption(dbOption())
    .action(async (name: string, options: { db: string; title?: string }) => (await actions()).createWorkspace(name, options, io));

  const configure = workspace
    .command('configure <name>')
    .description("Change a workspace's settings and print them as JSON; with no option, print them.")
    .option('--compatibility <mode>', `which IdP habits are accepted: ${COMPATIBILITY_MODES.join(', ')}`)
    .option('--lenient-schema <on|off>', 'unknown attributes and non-canonical values: keep and note them (on) or refuse them with invalidValue (off)')
    .option(
      '--reprovision <by-mode|relink|conflict|off>',
      'a POST matching a user by externalId and userName: relink it, answer 409, or create as usual (off); by-mode follows --compatibility',
    )
    .option('--extensions <file>', 'a JSON file declaring the extension schemas of the app behind the workspace')
    .option('--retention-days <n|off>', 'recorded exchanges older than this many days are removed (default 7)')
    .option('--retention-exchanges <n|off>', 'at most this many recorded exchanges are kept, the newest (default 250000)')
    .option('--retention-megabytes <n|off>', "at most this many MB of the workspace's recorded exchanges are kept, the newest (default 1000)")
    .option(
      '--auth <bearer|basic|header|oauth>',
      'how the IdP authenticates; the workspace token is the bearer token, Basic password, header value or OAuth client secret',
    )
    .option('--auth-username <name>', 'HTTP Basic username (--auth basic)')
    .option('--auth-header <name>', 'the header carrying the token (--auth header), e.g. X-Api-Key')
    .option('--client-id <id>', 'OAuth client id (--auth oauth)')
    .option('--token-lifetime <seconds>', 'OAuth access token lifetime, 1–86400 (short to watch an IdP refresh)')
    .option('--local', "stop proxying: the workspace is the workbench's own SCIM server again (forgets the upstream's credentials)")
    .addOption(dbOption())
    .action(async (name: string, options: ConfigureOptions) => (await actions()).configureWorkspace(name, options, io));
  // Proxy mode (proxy-options.ts), the same options as `serve`.
  addProxyOptions(configure);

  workspace
    .command('delete <name>')
    .description('Delete a workspace and all of its users and groups.')
    .addOption(dbOption())
    .action(async (name: string, options: { db: string }) => (await actions()).deleteWorkspace(name, options, io));
}
