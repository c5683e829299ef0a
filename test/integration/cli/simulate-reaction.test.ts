import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';
import { failFirst, isCreateUser, startFaultingUpstream } from '../../support/faulting-upstream';

/** `simulate` says what the IdP's modelled reaction did, labelled MODELLED, and `--no-model-retries` switches it off. */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});

async function simulateThroughFault(seed: number, extra: string[]) {
  const upstream = await startFaultingUpstream(server.origin, server.app.workbench.recordings, failFirst(1, isCreateUser, 429, 1));
  try {
    const args = ['simulate', '--idp', 'okta', '--scenario', 'assign-users', '--users', '1', '--seed', String(seed)];
    return await runCli([...args, '--target', `${upstream.origin}/scim/v2`, '--token', server.token, ...extra]);
  } finally {
    await upstream.close();
  }
}

describe('scim-workbench simulate and the modelled reaction', () => {
  it('retries the 429 as Okta is modelled to, and labels it MODELLED', async () => {
    const result = await simulateThroughFault(61, []);
    expect(result.stdout).toContain('users created 1');
    expect(result.stdout).toMatch(/^MODELLED reaction: 1 retry, 0 operations given up\. Okta's support documents/m);
    expect(result.code).toBe(0);
  });

  it('--no-model-retries sends the create once: it fails, and the output says retries were not modelled', async () => {
    const result = await simulateThroughFault(62, ['--no-model-retries']);
    expect(result.stdout).toContain('users created 0');
    expect(result.stdout).toContain('Retries: not modelled (--no-model-retries): every request was sent once.');
    expect(result.stdout).toMatch(/Failed: create \S+ → 429/);
    expect(result.code).toBe(1);
  });
});
