import { readFileSync } from 'node:fs';

/** USER_HZ: 100 on Linux for every architecture the bench runs on. */
const CLOCK_TICKS = 100;

/**
 * A process's CPU time (user + system, all its threads) in ms, from /proc (Linux): the bench's machine.
 * On a machine others load, a server's CPU per request holds where its req/s does not.
 */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  // utime and stime are fields 14 and 15 of stat; after "(comm) " the list starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
