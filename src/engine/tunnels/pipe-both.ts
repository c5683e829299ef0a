import type { Duplex } from 'node:stream';

/** Pipes two connections into each other; when either fails or closes, both are destroyed. */
export function pipeBoth(a: Duplex, b: Duplex): void {
  a.pipe(b).pipe(a);
  const close = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', close);
  b.on('error', close);
  a.on('close', close);
  b.on('close', close);
}
