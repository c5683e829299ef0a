import type { ProxyAuthSettings } from '../../shared/proxy';
import { OAuthTokenSource } from '../client/oauth-token-source';
import type { ProxyUpstreamError } from './proxy-errors';

/** The header that carries the upstream's credentials, with its value: set on the forwarded request, never recorded. */
export interface UpstreamCredential {
  name: string;
  value: string;
}

/**
 * The upstream's own credentials for a replacing mode (bearer, basic, header, oauth): the IdP's
 * Authorization (and the workspace's own secret header) are dropped and this is sent instead.
 * OAuth access tokens are fetched from the upstream's token endpoint and kept until they expire,
 * one token source per workspace and credentials (a changed secret starts a new one).
 */
export class UpstreamCredentials {
  private readonly tokenSources = new Map<string, OAuthTokenSource>();

  async credentialFor(
    workspaceId: number,
    auth: ProxyAuthSettings,
    secret: string | undefined,
    /** The error to throw; `timedOut` when the token endpoint did not answer within `timeoutMs`. */
    fail: (reason: string, timedOut?: boolean) => ProxyUpstreamError,
    /** The proxy's own time limit for an answer, the token endpoint's too. */
    timeoutMs?: number,
  ): Promise<UpstreamCredential | undefined> {
    if (auth.mode === 'pass-through') return undefined;
    if (secret === undefined) throw fail(`no secret is stored for its ${auth.mode} auth (configure the proxy again with the upstream's credentials)`);
    switch (auth.mode) {
      case 'bearer':
        return { name: 'authorization', value: `Bearer ${secret}` };
      case 'basic':
        return { name: 'authorization', value: `Basic ${Buffer.from(`${auth.username ?? ''}:${secret}`).toString('base64')}` };
      case 'header':
        return { name: (auth.headerName ?? 'x-api-key').toLowerCase(), value: secret };
      case 'oauth': {
        const source = this.tokenSource(workspaceId, auth, secret, timeoutMs);
        try {
          return { name: 'authorization', value: `Bearer ${await source.token()}` };
        } catch (error) {
          const timedOut = (error as { cause?: { name?: unknown } }).cause?.name === 'TimeoutError';
          // Its own full stop goes: the proxy's message ends the sentence.
          throw fail(`its OAuth token endpoint gave no access token: ${(error as Error).message.replace(/\.$/, '')}`, timedOut);
        }
      }
    }
  }

  /** The upstream refused the credentials: an OAuth token is fetched again for the next request. */
  refused(workspaceId: number, auth: ProxyAuthSettings, secret: string | undefined, timeoutMs?: number): void {
    if (auth.mode === 'oauth' && secret !== undefined) this.tokenSource(workspaceId, auth, secret, timeoutMs).invalidate();
  }

  private tokenSource(workspaceId: number, auth: ProxyAuthSettings, secret: string, timeoutMs: number | undefined): OAuthTokenSource {
    // The secret is part of the key only in memory, so a new one is used at once.
    const key = JSON.stringify([workspaceId, auth.tokenUrl, auth.clientId, secret, timeoutMs]);
    let source = this.tokenSources.get(key);
    if (!source) {
      if (this.tokenSources.size >= 64) this.tokenSources.clear();
      source = new OAuthTokenSource(
        { kind: 'oauth', tokenUrl: auth.tokenUrl ?? '', clientId: auth.clientId ?? '', clientSecret: secret },
        { userAgent: 'SCIM Workbench proxy', ...(timeoutMs !== undefined && { timeoutMs }) },
      );
      this.tokenSources.set(key, source);
    }
    return source;
  }
}
