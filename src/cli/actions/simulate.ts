import type { CliIo } from '../cli-io';
import { watchForSilence } from '../silence-watch';
import type { IdpName } from '../../engine/simulator/idp-names';
import { simulate, type ScenarioName, type SimulationResult } from '../../engine/simulator/simulator';
import { runOktaImport } from './okta-import';
import { authFromOptions, type AuthCliOptions } from '../auth-options';

export interface SimulateOptions extends AuthCliOptions {
  idp: IdpName;
  scenario: ScenarioName | 'import';
  users: number;
  seed: number;
  delay: number;
  pageSize: number;
  modelRetries: boolean;
}

/** The result's lines: counts, notes, the modelled reaction, failures. */
export function describeResult(result: SimulationResult): string[] {
  const { users, groups } = result;
  const lines = [
    `${result.idp} ${result.scenario}: ${result.requests} requests${result.cancelled ? ' (cancelled)' : ''}; users created ${users.created}, updated ${users.updated}, deactivated ${users.deactivated}, reactivated ${users.reactivated}, deleted ${users.deleted}; groups created ${groups.created}, renamed ${groups.renamed}, members added ${groups.membersAdded}, removed ${groups.membersRemoved}.`,
    ...result.notes,
    ...reactionLines(result),
  ];
  for (const failure of result.failures) lines.push(`Failed: ${failure.step} → ${failure.status || 'no id in the answer'}`);
  return lines;
}

/** What the IdP's modelled reaction did, labelled MODELLED so nobody takes it for a real IdP's. */
function reactionLines(result: SimulationResult): string[] {
  const reaction = result.reaction;
  if (!reaction?.modelled) return ['Retries: not modelled (--no-model-retries): every request was sent once.'];
  const { retries, gaveUp, quarantined } = reaction;
  return [
    `MODELLED reaction: ${retries} retr${retries === 1 ? 'y' : 'ies'}, ${gaveUp} operation${gaveUp === 1 ? '' : 's'} given up${quarantined ? ', job quarantined' : ''}. ${reaction.model ?? ''}`.trim(),
  ];
}

/** `simulate`: an IdP's requests for a scenario against any SCIM server; exit 1 when a step failed or it was cancelled. */
export async function runSimulation(options: SimulateOptions, io: CliIo): Promise<void> {
  try {
    new URL(options.target);
  } catch {
    throw new Error(`--target "${options.target}" is not a URL.`);
  }
  const auth = authFromOptions(options);
  if (options.scenario === 'import') {
    if (options.idp !== 'okta') throw new Error("--scenario import is Okta's import: use --idp okta.");
    return runOktaImport({ baseUrl: options.target, auth, pageSize: options.pageSize, delayMs: options.delay }, io);
  }
  const scenario = options.scenario;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let lastReported = 0;
  const silence = watchForSilence((line) => io.err(line));
  const result = await simulate({
    ...options,
    scenario,
    baseUrl: options.target,
    auth,
    delayMs: options.delay,
    signal: controller.signal,
    onProgress: ({ step, sent }) => {
      silence.heard(step);
      if (sent - lastReported >= 50) {
        lastReported = sent;
        io.err(`${sent} requests sent… (${step})`);
      }
    },
  }).finally(() => {
    silence.stop();
    process.off('SIGINT', onSignal);
  });
  for (const line of describeResult(result)) io.out(line);
  if (result.failures.length > 0 || result.cancelled) io.exitCode = 1;
}
