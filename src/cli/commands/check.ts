import type { CliIo } from '../cli-io';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CheckIdp } from '../../shared/conformance';
import { DEFAULT_LARGE_GROUP_SIZE } from '../../engine/conformance/checks/large-group-size';
import type { CheckOptions } from '../actions/check';
import { addAuthOptions } from '../auth-options';
import { addPostmanOptions } from '../postman-options';

function parseIdp(value: string): CheckIdp[] {
  if (value === 'all') return ['okta', 'entra', 'onelogin'];
  if (value === 'okta' || value === 'entra' || value === 'onelogin') return [value];
  throw new InvalidArgumentError('must be okta, entra, onelogin or all.');
}

function collectOnly(value: string, previous: string[] | undefined): string[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError('must name checks or families, e.g. discovery or users,groups,okta.');
  return [...(previous ?? []), ...names];
}

function parseGroupSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 2 || size > 5000) throw new InvalidArgumentError('must be a whole number from 2 to 5000.');
  return size;
}

/** `check`: will this SCIM server pass with Okta, Entra ID, OneLogin? Exit 1 on any failure. */
export function registerCheck(program: Command, io: CliIo) {
  const command = program
    .command('check')
    .description("Run named conformance checks (RFC 7644 and each IdP's documented expectations) against a SCIM server; exit 1 when any fails.")
    .requiredOption('--target <url>', 'the SCIM base URL');
  addAuthOptions(command)
    .addOption(
      new Option('--idp <okta|entra|onelogin|all>', 'whose expectations to check besides the common ones')
        .argParser(parseIdp)
        // Shown as a user types it, not as the list it becomes.
        .default(['okta', 'entra', 'onelogin'] as CheckIdp[], 'all'),
    )
    .option('--report <file>', 'write the report: .md for a readable page, otherwise JSON')
    .option('--json', 'print the report as JSON instead of lines')
    .option('--runscope <file>', "also run a Runscope test export's steps (Okta's SCIM 2.0 SPEC Test)")
    .option('--group-size <n>', 'members of the large group the large-group checks build', parseGroupSize, DEFAULT_LARGE_GROUP_SIZE)
    .option(
      '--only <checks>',
      "run only these checks (repeatable): ids or families (an id's part before the dot), comma-separated, e.g. discovery or users,groups,okta; " +
        'a check that uses the user or group the users and groups families create is skipped without them',
      collectOnly,
    );
  addPostmanOptions(command).action(async (options: CheckOptions) => (await import('../actions/check')).runCheck(options, io));
}
