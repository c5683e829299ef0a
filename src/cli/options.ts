import { InvalidArgumentError, Option } from 'commander';
import { defaultDbPath } from '../engine/data-dir';

export const dbOption = () => new Option('--db <path>', 'SQLite database file').default(defaultDbPath(), 'the user data directory');

export const workspaceOption = () => new Option('-w, --workspace <name>', 'workspace name').default('default');

/** A pause in milliseconds: a whole number from 0 (none) to an hour; anything else is refused, not read as 0. */
export function parseDelay(value: string): number {
  const ms = Number(value);
  if (value.trim() === '' || !Number.isInteger(ms) || ms < 0 || ms > 3_600_000)
    throw new InvalidArgumentError('must be a whole number of milliseconds from 0 to 3600000.');
  return ms;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('must be a whole number from 0 to 65535 (0 picks a free port).');
  }
  return port;
}
