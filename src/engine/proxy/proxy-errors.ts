import { ScimError } from '../scim/errors';

/**
 * What the IdP is answered when the upstream could not answer it: an RFC 7644 §3.12 error whose
 * detail names the upstream (its base URL, which holds no credentials) and the reason, never the
 * credentials sent to it. 502: unreachable or a broken answer; 504: no answer in time.
 */
export class ProxyUpstreamError extends ScimError {
  constructor(status: 502 | 504, detail: string) {
    super(status, undefined, detail);
    this.name = 'ProxyUpstreamError';
  }
}

export const upstreamUnreachable = (upstream: string, reason: string) =>
  new ProxyUpstreamError(502, `The proxy could not get an answer from the upstream SCIM server ${upstream}: ${reason}.`);

export const upstreamTimedOut = (upstream: string, what: string, timeoutMs: number) =>
  new ProxyUpstreamError(504, `The upstream SCIM server ${upstream} did not ${what} within ${timeoutMs} ms (the workspace's proxy timeout).`);

/** A Node network error in words a user can act on. */
export function networkReason(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is it running, on that port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'no such host';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the connection was closed before the answer was complete';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to the host';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `its TLS certificate was not accepted (${error.code}; for a staging server's self-signed certificate, turn on the proxy's insecure TLS switch)`;
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_HEADER_TOKEN':
      return 'its answer was not valid HTTP';
    default:
      return error.code ? `${error.code}: ${error.message}` : error.message;
  }
}
