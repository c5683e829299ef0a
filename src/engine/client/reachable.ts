import { connect } from 'node:net';
import { unreachableTarget, type UnreachableTargetError } from './unreachable';

const PROBE_TIMEOUT_MS = 5_000;

/**
 * Whether anything accepts a connection at a base URL's host and port, found by opening a TCP
 * connection and closing it (no HTTP request, so nothing is recorded or changed there). For
 * runners that send each request their own way (the suites: Runscope's steps, newman), so that a
 * target nothing listens on is said once before the run instead of once per step. No answer in
 * time is not "unreachable": the run goes ahead and says what each request got.
 */
export async function unreachableBeforeRun(baseUrl: string): Promise<UnreachableTargetError | undefined> {
  const url = new URL(baseUrl);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: UnreachableTargetError | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(undefined), PROBE_TIMEOUT_MS);
    socket.once('connect', () => done(undefined));
    socket.once('error', (error) => done(unreachableTarget(baseUrl, { cause: error })));
  });
}
