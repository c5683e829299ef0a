import type { Command } from 'commander';
import type { ReplayAuth } from '../shared/replay';
import { tokenEndpointOf } from '../shared/auth-modes';

/** The credentials options `check`, `simulate` and `replay` share (one parser, so they read alike). */
export interface AuthCliOptions {
  target: string;
  token?: string;
  basic?: string;
  header?: string;
  oauthTokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
}

/** Adds the target's credentials options: one kind at most (bearer, Basic, a custom header, OAuth client credentials). */
export function addAuthOptions(command: Command): Command {
  return command
    .option('--token <token>', "the target's bearer token")
    .option('--basic <user:password>', 'HTTP Basic credentials instead')
    .option('--header <"Name: value">', 'a custom authentication header instead, e.g. "X-Api-Key: s3cret"')
    .option('--client-id <id>', 'OAuth 2.0 client credentials instead: the client id (with --client-secret)')
    .option('--client-secret <secret>', 'OAuth 2.0 client secret (with --client-id)')
    .option('--oauth-token-url <url>', "OAuth 2.0 token endpoint (default: the target's <SCIM base URL>/oauth/token, where the workbench serves it)");
}

/** The credentials the options give; a mix of kinds, or an incomplete one, is an error that says what to give. */
export function authFromOptions(options: AuthCliOptions): ReplayAuth {
  const oauth = options.clientId !== undefined || options.clientSecret !== undefined || options.oauthTokenUrl !== undefined;
  const given = [options.token !== undefined, options.basic !== undefined, options.header !== undefined, oauth].filter(Boolean).length;
  if (given > 1) throw new Error('Give one kind of credentials: --token, --basic, --header, or --client-id with --client-secret.');
  if (options.token !== undefined) return { kind: 'bearer', token: options.token };
  if (options.basic !== undefined) {
    const at = options.basic.indexOf(':');
    if (at < 1) throw new Error('--basic takes user:password.');
    return { kind: 'basic', username: options.basic.slice(0, at), password: options.basic.slice(at + 1) };
  }
  if (options.header !== undefined) {
    const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(options.header);
    if (!match) throw new Error('--header takes "Name: value".');
    return { kind: 'header', name: match[1]!, value: match[2]! };
  }
  if (oauth) {
    if (!options.clientId || !options.clientSecret) throw new Error('OAuth client credentials need both --client-id and --client-secret.');
    const tokenUrl = options.oauthTokenUrl ?? tokenEndpointOf(options.target);
    try {
      const url = new URL(tokenUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    } catch {
      throw new Error(`--oauth-token-url "${tokenUrl}" is not an http(s) URL.`);
    }
    return { kind: 'oauth', tokenUrl, clientId: options.clientId, clientSecret: options.clientSecret };
  }
  return { kind: 'none' };
}
