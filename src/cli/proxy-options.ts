import { InvalidArgumentError, type Command } from 'commander';
import { insecureTlsWarning, PROXY_TIMEOUT_LIMITS, type ProxyConfigRequest, type ProxySettings } from '../shared/proxy';

/** The proxy options `serve` and `workspace configure` share. */
export interface ProxyCliOptions {
  proxy?: string;
  upstreamToken?: string;
  upstreamBasic?: string;
  upstreamHeader?: string;
  upstreamClientId?: string;
  upstreamClientSecret?: string;
  upstreamTokenUrl?: string;
  upstreamPassThrough?: boolean;
  insecureUpstreamTls?: boolean;
  upstreamTimeout?: number;
  upstreamConnectTimeout?: number;
  observeAfterWrite?: boolean;
}

function parseTimeout(value: string): number {
  const ms = Number(value);
  const { min, max } = PROXY_TIMEOUT_LIMITS;
  if (!/^\d+$/.test(value.trim()) || ms < min || ms > max) throw new InvalidArgumentError(`must be a whole number of milliseconds from ${min} to ${max}.`);
  return ms;
}

/** Adds the options that make a workspace a proxy of the user's own SCIM server. */
export function addProxyOptions(command: Command): Command {
  return command
    .option('--proxy <url>', 'proxy mode: forward every SCIM request to this upstream SCIM base URL (your own server), e.g. http://localhost:3000/scim/v2')
    .option('--upstream-token <token>', "send the upstream this bearer token instead of the IdP's credentials")
    .option('--upstream-basic <user:password>', 'send the upstream HTTP Basic credentials instead')
    .option('--upstream-header <"Name: value">', 'send the upstream this header instead, e.g. "X-Api-Key: s3cret"')
    .option(
      '--upstream-client-id <id>',
      'get the upstream an OAuth 2.0 access token with this client id (with --upstream-client-secret and --upstream-token-url)',
    )
    .option('--upstream-client-secret <secret>', "the upstream's OAuth 2.0 client secret")
    .option('--upstream-token-url <url>', "the upstream's OAuth 2.0 token endpoint")
    .option('--upstream-pass-through', "pass the IdP's own credentials to the upstream (a new proxy's default; an existing one keeps its credentials)")
    .option('--insecure-upstream-tls', "accept the upstream's self-signed TLS certificate (a staging server); not verified, so shown as a warning")
    .option('--upstream-timeout <ms>', "how long to wait for the upstream's answer before answering the IdP 504 (default 30000)", parseTimeout)
    .option('--upstream-connect-timeout <ms>', 'how long to wait for a connection to the upstream (default 5000)', parseTimeout)
    .option('--observe-after-write', 'after each successful write, GET the resource from the upstream to record what it stored');
}

/**
 * The proxy configuration the options ask for, or undefined without --proxy. Without any
 * --upstream-* credentials a new proxy passes the IdP's own through and an existing one keeps its
 * own (--upstream-pass-through switches it to the IdP's). Upstream options without --proxy, or
 * two kinds of credentials, are an error that says what to give.
 */
export function proxyRequestFromOptions(options: ProxyCliOptions): ProxyConfigRequest | undefined {
  const oauth = options.upstreamClientId !== undefined || options.upstreamClientSecret !== undefined || options.upstreamTokenUrl !== undefined;
  const kinds = [
    options.upstreamToken !== undefined,
    options.upstreamBasic !== undefined,
    options.upstreamHeader !== undefined,
    oauth,
    options.upstreamPassThrough === true,
  ].filter(Boolean).length;
  const others =
    kinds > 0 ||
    options.insecureUpstreamTls ||
    options.upstreamTimeout !== undefined ||
    options.upstreamConnectTimeout !== undefined ||
    options.observeAfterWrite;
  if (options.proxy === undefined) {
    if (others) throw new Error('The --upstream-* options, --insecure-upstream-tls and --observe-after-write go with --proxy <upstream SCIM base URL>.');
    return undefined;
  }
  if (kinds > 1)
    throw new Error(
      'Give one kind of upstream credentials: --upstream-token, --upstream-basic, --upstream-header, the --upstream-client-* options, or --upstream-pass-through.',
    );
  const auth = upstreamAuth(options, oauth);
  return {
    upstream: options.proxy,
    // None given: the engine keeps a proxy's credentials, and a new proxy passes the IdP's through.
    ...(auth && { auth }),
    ...(options.insecureUpstreamTls && { insecureTls: true }),
    ...(options.upstreamTimeout !== undefined && { timeoutMs: options.upstreamTimeout }),
    ...(options.upstreamConnectTimeout !== undefined && { connectTimeoutMs: options.upstreamConnectTimeout }),
    ...(options.observeAfterWrite && { observeAfterWrite: true }),
  };
}

function upstreamAuth(options: ProxyCliOptions, oauth: boolean): ProxyConfigRequest['auth'] {
  if (options.upstreamToken !== undefined) return { mode: 'bearer', secret: options.upstreamToken };
  if (options.upstreamBasic !== undefined) {
    const at = options.upstreamBasic.indexOf(':');
    if (at < 1) throw new Error('--upstream-basic takes user:password.');
    return { mode: 'basic', username: options.upstreamBasic.slice(0, at), secret: options.upstreamBasic.slice(at + 1) };
  }
  if (options.upstreamHeader !== undefined) {
    const match = /^([A-Za-z0-9-]+):\s*(.+)$/.exec(options.upstreamHeader);
    if (!match) throw new Error('--upstream-header takes "Name: value".');
    return { mode: 'header', headerName: match[1]!, secret: match[2]! };
  }
  if (oauth) {
    if (!options.upstreamClientId || !options.upstreamClientSecret || !options.upstreamTokenUrl) {
      throw new Error('Upstream OAuth client credentials need --upstream-client-id, --upstream-client-secret and --upstream-token-url.');
    }
    return { mode: 'oauth', clientId: options.upstreamClientId, tokenUrl: options.upstreamTokenUrl, secret: options.upstreamClientSecret };
  }
  return options.upstreamPassThrough ? { mode: 'pass-through' } : undefined;
}

/** The lines `serve` and `workspace` print about a proxy workspace: where it forwards, and the TLS warning. */
export function describeProxy(proxy: ProxySettings | undefined): string[] {
  if (!proxy) return [];
  const auth = proxy.auth.mode === 'pass-through' ? "the IdP's own credentials passed through" : `the upstream's own ${proxy.auth.mode} credentials`;
  const warning = insecureTlsWarning(proxy);
  return [`Proxy: forwards to ${proxy.upstream} (${auth}; timeout ${proxy.timeoutMs} ms)`, ...(warning ? [warning] : [])];
}
