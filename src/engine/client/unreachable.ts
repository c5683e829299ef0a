/**
 * A target that cannot be reached at all (nothing listens, no such host, no route, a port fetch
 * blocks): every further request would fail the same way, so a job stops at the first one and says
 * it once, with what to check, instead of failing each request with the same socket error.
 * A timeout or a reset connection is left out: they can belong to one request (a slow large group,
 * a body the server drops) while the server answers others.
 */
export class UnreachableTargetError extends Error {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
    hint: string,
  ) {
    super(`Cannot reach ${baseUrl}: ${reason}. ${hint}`);
    this.name = 'UnreachableTargetError';
  }
}

const REASONS: Record<string, { reason: string; hint: string }> = {
  ECONNREFUSED: {
    reason: 'connection refused',
    hint: 'Check that the SCIM server is running and listening on that host and port, and that the URL is the right one.',
  },
  ENOTFOUND: { reason: 'no such host', hint: 'Check the host name in the URL (and the DNS or hosts file that should resolve it).' },
  EAI_AGAIN: { reason: 'the host name could not be looked up', hint: 'Check the network connection and the DNS server.' },
  EHOSTUNREACH: { reason: 'no route to the host', hint: 'Check the network connection, VPN and firewall between this machine and the server.' },
  ENETUNREACH: { reason: 'the network is unreachable', hint: 'Check the network connection, VPN and firewall between this machine and the server.' },
};

/** The unreachable target a failed fetch means, or undefined when the failure may be this request's alone. */
export function unreachableTarget(baseUrl: string, error: unknown): UnreachableTargetError | undefined {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const known = typeof cause?.code === 'string' ? REASONS[cause.code] : undefined;
  if (known) return new UnreachableTargetError(baseUrl, known.reason, known.hint);
  // fetch refuses the ports the Fetch standard blocks (9, 25, 6000…) before connecting.
  if (cause?.message === 'bad port') {
    const port = URL.canParse(baseUrl) ? new URL(baseUrl).port : '';
    return new UnreachableTargetError(baseUrl, `port ${port} is one that fetch refuses to use (a blocked port)`, 'Serve SCIM on another port.');
  }
  return undefined;
}
