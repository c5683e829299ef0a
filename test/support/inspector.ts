import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright';
import { buildAdminServer } from '../../src/engine/admin/admin-server';
import { connectAsTunnel } from '../../src/engine/http/tunnel-connections';
import { TunnelManager } from '../../src/engine/tunnels/tunnel-manager';
import { cachedInspectorBuild } from './inspector-build';
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

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// Test files share their worker process (vitest.config.ts: isolate false), so one Chromium serves
// every e2e file the worker runs, one file at a time: each file pays for its own browser contexts
// only, not a browser start. Playwright ends the browser when the worker exits. The renderer's
// build is shared wider still: by both workers and by later runs, until a source changes.
let sharedBrowser: Promise<Browser> | undefined;
let sharedBuild: Promise<string> | undefined;

/** The worker's Chromium (launched on first use, again if it was closed or crashed). */
export async function inspectorBrowser(): Promise<Browser> {
  sharedBrowser ??= chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }).catch((error: unknown) => {
    sharedBrowser = undefined;
    throw error;
  });
  const browser = await sharedBrowser;
  if (browser.isConnected()) return browser;
  sharedBrowser = undefined;
  return inspectorBrowser();
}

/** The renderer as Vite builds it (inspector-build.ts: once for these sources); never removed by a test (others serve it too). */
export async function sharedInspectorBuild(): Promise<{ dir: string }> {
  sharedBuild ??= cachedInspectorBuild().catch((error: unknown) => {
    sharedBuild = undefined;
    throw error;
  });
  return { dir: await sharedBuild };
}

/** Serves the renderer (built once per worker) from an admin listener beside a SCIM server, with the worker's Chromium. */
export async function startInspector(): Promise<InspectorFixture> {
  const outDir = (await sharedInspectorBuild()).dir;
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
    // Its screens are under test, not its pace: at the app's 400 ms the demo's 78 requests took half
    // a minute, which tests waited on and which went on sending into the next tests. At 100 ms a
    // test that cancels it still has seconds to do so.
    demoDelayMs: 100,
  });
  const origin = (await admin.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  const browser = await inspectorBrowser();
  return {
    scim,
    admin,
    origin,
    inspectorUrl: `${origin}/#token=${token}`,
    adminToken: token,
    browser,
    close: async () => {
      // The browser stays for the worker's next file; what this file opened in it goes.
      await Promise.all(browser.contexts().map((context) => context.close()));
      await tunnels.stop();
      await admin.close();
      await scim.close();
    },
  };
}

/**
 * One tab for a file's tests, each loading the inspector afresh into it: a browser context and its
 * renderer cost Chromium about a second of CPU each, as much as a test's own work. `reset` (after
 * each test) clears what the page stored and leaves it on about:blank, so the next test starts from
 * an empty tab as in a fresh context, and no page goes on following the live feed meanwhile.
 */
export async function reusableTab(fixture: InspectorFixture, options?: BrowserContextOptions): Promise<{ page: Page; reset(): Promise<void> }> {
  const page = await (await fixture.browser.newContext(options)).newPage();
  return {
    page,
    reset: async () => {
      if (page.url().startsWith(fixture.origin)) await page.evaluate('localStorage.clear(); sessionStorage.clear()');
      await page.goto('about:blank');
    },
  };
}
