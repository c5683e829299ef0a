import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright';
import { buildAdminServer } from '../../src/engine/admin/admin-server';
import { connectAsTunnel } from '../../src/engine/http/tunnel-connections';
import { TunnelManager } from '../../src/engine/tunnels/tunnel-manager';
import { buildInspector } from './inspector-build';
import { skipWhenMissing } from './required-suites';
import { startScimServer, type ScimTestServer } from './scim-server';

/** Debian's Chromium (apt-get install chromium); Playwright's own browser download is not reachable here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = skipWhenMissing(!existsSync(CHROMIUM), `Chromium (${CHROMIUM})`);

export interface InspectorFixture {
  scim: ScimTestServer;
  admin: FastifyInstance;
  /** The inspector URL with the token in its fragment, as `serve` prints it. */
  inspectorUrl: string;
  /** The admin API's token, for tests that set up state through it (test/support/admin-api.ts). */
  adminToken: string;
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds the renderer with Vite into a temp dir, serves it from an admin listener beside a SCIM server, and launches Chromium. */
export async function startInspector(): Promise<InspectorFixture> {
  const inspector = await buildInspector();
  const outDir = inspector.dir;
  const scim = await startScimServer();
  const token = 'e2e-admin-token';
  const scimPort = Number(new URL(scim.origin).port);
  const tunnels = new TunnelManager(
    { host: '127.0.0.1', port: scimPort, connect: () => connectAsTunnel('127.0.0.1', scimPort) },
    scim.app.workbench.appSettings,
  );
  const admin = buildAdminServer({
    workbench: scim.app.workbench,
    token,
    inspectorDir: outDir,
    scimBaseUrl: scim.baseUrl,
    feedIntervalMs: 100,
    tunnels,
    // The check's screens are under test here, not large groups (the CLI and engine check tests build 300).
    checkLargeGroupSize: 6,
  });
  const origin = (await admin.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    scim,
    admin,
    origin,
    inspectorUrl: `${origin}/#token=${token}`,
    adminToken: token,
    browser,
    close: async () => {
      await browser.close();
      await tunnels.stop();
      await admin.close();
      await scim.close();
      inspector.remove();
    },
  };
}
