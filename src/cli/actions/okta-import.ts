import type { CliIo } from '../cli-io';
import type { ReplayAuth } from '../../shared/replay';
import { oktaImport } from '../../engine/simulator/okta-import';

/** `simulate --idp okta --scenario import`: Okta's import against a SCIM server; exit 1 when a broken page stops it. */
export async function runOktaImport(options: { baseUrl: string; auth: ReplayAuth; pageSize: number; delayMs: number }, io: CliIo): Promise<void> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  const result = await oktaImport({
    ...options,
    signal: controller.signal,
    onPage: ({ type, page, read, totalResults }) => io.err(`${type} page ${page}: ${read} of ${totalResults} read…`),
  }).finally(() => process.off('SIGINT', onSignal));
  const pages = (count: number) => `${count} ${count === 1 ? 'page' : 'pages'}`;
  io.out(
    `okta import: ${result.requests} requests${result.cancelled ? ' (cancelled)' : ''}; users read ${result.users.read} in ${pages(result.users.pages)}; groups read ${result.groups.read} in ${pages(result.groups.pages)}.`,
  );
  if (result.problem) io.out(`Import stopped: ${result.problem}`);
  if (result.problem || result.cancelled) io.exitCode = 1;
}
