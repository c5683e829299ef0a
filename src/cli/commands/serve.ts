import type { CliIo } from '../cli-io';
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_HOST, DEFAULT_LISTENER_LIMITS, DEFAULT_PORT } from '../../engine/http/listener-defaults';
import type { ServeOptions } from '../actions/serve';
import { dbOption, parsePort } from '../options';
import { addProxyOptions } from '../proxy-options';

function parseMaxConnections(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 65_535) throw new InvalidArgumentError('must be a whole number from 1 to 65535.');
  return count;
}

function parseRemotePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number, 0 meaning any.');
  return port;
}

export function registerServe(program: Command, io: CliIo) {
  const serve = program
    .command('serve')
    .description('Start the SCIM server headless and print its base URL and token.')
    .option('-p, --port <port>', 'port for the SCIM API (0 picks a free one)', parsePort, DEFAULT_PORT)
    .option('--host <host>', 'interface to listen on', DEFAULT_HOST)
    .addOption(dbOption())
    .option(
      '--admin-port <port>',
      "port for the inspector and its admin API on 127.0.0.1 (default: the one this database's last serve took; 0 picks a free one)",
      parsePort,
    )
    .option('--new-admin-token', 'replace the remembered admin token (open inspector tabs must then be opened again from the new Inspector URL)')
    .option('--token <token>', 'use this bearer token for the default workspace (replaces the stored one)')
    .option('-q, --quiet', 'do not print a line per request')
    .option('--faults <file>', "load fault rules from a rules file (see `faults export`) into its workspace at start, replacing that workspace's rules")
    .option(
      '--max-connections <n>',
      'connections the SCIM API serves at once; a request on one more gets 503 with Retry-After',
      parseMaxConnections,
      DEFAULT_LISTENER_LIMITS.maxConnections,
    )
    .option('--tunnel <ngrok|cloudflared|localtunnel|ssh://user@host[:port]>', 'expose the SCIM API (only it) to the internet through this tunnel')
    .option('--ngrok-domain <domain>', "a reserved ngrok domain (the authtoken comes from NGROK_AUTHTOKEN or the inspector's tunnel settings)")
    .option('--cloudflared <path>', 'the cloudflared binary (default: found on PATH)')
    .option('--localtunnel-host <url>', 'a self-hosted localtunnel server (default: https://localtunnel.me)')
    .option('--localtunnel-subdomain <name>', 'the localtunnel subdomain to ask for')
    .option('--ssh-key <path>', 'private key for --tunnel ssh:// (default: the SSH agent)')
    .option('--ssh-remote-port <n>', 'port to open on the SSH server (0: any)', parseRemotePort)
    .option('--workspace <name>', 'the workspace --proxy makes a proxy', 'default')
    .action(async (options: ServeOptions) => (await import('../actions/serve')).serve(options, io));
  // Proxy mode (proxy-options.ts), the same options as `workspace configure`.
  addProxyOptions(serve);
}
