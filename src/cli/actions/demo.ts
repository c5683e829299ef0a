import type { CliIo } from '../cli-io';
import { startEngine } from '../../engine/engine';
import type { IdpName } from '../../engine/simulator/idp-names';
import { simulate } from '../../engine/simulator/simulator';
import { scimPathOf } from '../../engine/store/default-workspace';
import { workspaceCredentials } from '../../engine/client/workspace-credentials';
import { describeResult } from './simulate';
import { explainStartFailure } from '../start-failure';

export interface DemoOptions {
  idp: IdpName;
  users: number;
  seed: number;
  delay: number;
  port: number;
  db: string;
}

/** `demo`: the workbench playing an IdP against itself at a watchable pace, so the inspector fills up live. */
export async function demo(options: DemoOptions, io: CliIo): Promise<void> {
  const stop = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()).once('SIGTERM', () => resolve()));
  const engine = await startEngine({ dbPath: options.db, port: options.port }).catch((error: unknown) => {
    throw explainStartFailure(error, options.port);
  });
  try {
    const workspace = engine.workbench.workspaces.find('demo') ?? engine.workbench.workspaces.create('demo', 'Demo');
    const baseUrl = `${new URL(engine.scimBaseUrl).origin}${scimPathOf(workspace.slug)}`;
    // The inspector opens on the demo workspace, whose users are what there is to see.
    const inspectorUrl = new URL(engine.inspectorUrl);
    inspectorUrl.searchParams.set('workspace', workspace.slug);
    io.out(`Inspector: ${inspectorUrl}`);
    // The lines `serve` prints for the default workspace, so an IdP can be pointed at the demo too.
    io.out(`Workspace: ${workspace.slug}`);
    io.out(`SCIM base URL: ${baseUrl}`);
    io.out(`Token: ${workspace.token}`);
    io.out(`Playing ${options.idp} provisioning ${options.users} people, one request every ${options.delay} ms. Ctrl-C stops.`);
    const controller = new AbortController();
    void stop.then(() => controller.abort());
    const result = await simulate({
      idp: options.idp,
      scenario: 'full',
      users: options.users,
      seed: options.seed,
      baseUrl,
      auth: workspaceCredentials(workspace, baseUrl),
      delayMs: options.delay,
      signal: controller.signal,
    });
    for (const line of describeResult(result)) io.out(line);
    if (!controller.signal.aborted) {
      io.out('Done. The inspector stays up until Ctrl-C.');
      await stop;
    }
  } finally {
    await engine.close();
  }
}
