import type { CliIo } from '../cli-io';
import { InvalidArgumentError, type Command } from 'commander';
import { IDPS } from '../../engine/simulator/idp-names';
import { SCENARIOS, SCENARIO_DESCRIPTIONS } from '../../engine/simulator/scenarios';
import type { DemoOptions } from '../actions/demo';
import type { SimulateOptions } from '../actions/simulate';
import { dbOption, parseDelay, parsePort } from '../options';
import { addAuthOptions } from '../auth-options';

function oneOf<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${values.join(', ')}.`);
    return value as T;
  };
}

function positive(name: string, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1 || number > max) throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}.`);
    return number;
  };
}

/** `simulate` against any SCIM server, and `demo`: the workbench playing an IdP against itself at a watchable pace. */
export function registerSimulate(program: Command, io: CliIo) {
  const command = program
    .command('simulate')
    .description(
      `Send the requests an IdP sends for a provisioning scenario to a SCIM server. Scenarios: ${SCENARIOS.map((s) => `${s} (${SCENARIO_DESCRIPTIONS[s]})`).join('; ')}.`,
    )
    .requiredOption('--idp <okta|entra|onelogin>', 'the IdP to imitate', oneOf(IDPS))
    .requiredOption(
      '--scenario <name>',
      `${SCENARIOS.join('|')}|import (Okta's import: read every user and group page by page)`,
      oneOf([...SCENARIOS, 'import'] as const),
    )
    .requiredOption('--target <url>', 'the SCIM base URL');
  addAuthOptions(command)
    .option('--users <n>', 'people to provision', positive('--users', 100_000), 10)
    .option('--seed <n>', 'seed of the fake people (same seed, same people)', positive('--seed', 2 ** 31), 1)
    .option('--delay <ms>', 'pause before each request', parseDelay, 0)
    .option('--no-model-retries', "send every request once, instead of modelling the IdP's retries of 429/5xx/unanswered requests")
    .option('--page-size <n>', 'resources per page of --scenario import (Okta asks for 100)', positive('--page-size', 1000), 100)
    .action(async (options: SimulateOptions) => (await import('../actions/simulate')).runSimulation(options, io));

  program
    .command('demo')
    .description('Start the workbench and play an IdP provisioning a "demo" workspace at a watchable pace, so the inspector fills up live.')
    .option('--idp <okta|entra|onelogin>', 'the IdP to imitate', oneOf(IDPS), 'okta')
    .option('--users <n>', 'people to provision', positive('--users', 10_000), 12)
    .option('--seed <n>', 'seed of the fake people', positive('--seed', 2 ** 31), 1)
    .option('--delay <ms>', 'pause before each request', parseDelay, 400)
    .option('-p, --port <port>', 'port for the SCIM API (0 picks a free one)', parsePort, 0)
    .addOption(dbOption())
    .action(async (options: DemoOptions) => (await import('../actions/demo')).demo(options, io));
}
