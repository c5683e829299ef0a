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
      // The browser stays for the worker's next file; what this file opened in it goes, but for the
      // worker's tab, which is emptied for the next file instead (leaveWorkerTab).
      const tab = await leaveWorkerTab(origin);
      await Promise.all(
        browser
          .contexts()
          .filter((context) => context !== tab?.context())
          .map((context) => context.close()),
      );
      await tunnels.stop();
      // The worker's tab lives on, and so do the sockets Chromium keeps to this file's servers (a
      // pooled or preconnected one): a close waiting for them took ~30 s. This file is done with them.
      const closing = admin.close();
      admin.server.closeAllConnections();
      await closing;
      await scim.close();
    },
  };
}

/** Playwright's own defaults, which a file's tab starts from whatever the file before it set. */
const DEFAULT_VIEWPORT = { width: 1280, height: 720 };
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The worker's one tab, handed to each file's reusableTab in turn: a new tab (its renderer process)
 * costs Chromium about a second of CPU more than loading the inspector into a tab already open,
 * once per e2e file. Each file's inspector has an origin of its own (its own port).
 */
let workerTab: Promise<Page> | undefined;

async function openWorkerTab(browser: Browser): Promise<Page> {
  const open = await workerTab?.catch(() => undefined);
  if (open && !open.isClosed() && open.context().browser() === browser) return open;
  workerTab = browser.newContext().then((context) => context.newPage());
  return workerTab;
}

/**
 * Empties the worker's tab when a file is done with it, of all that file could have left there: its
 * listeners and routes, what the page stored for the file's origin, the colour scheme it emulated,
 * its timeouts, and the page itself (about:blank). A tab that cannot be emptied is closed: the next
 * file opens another.
 */
async function leaveWorkerTab(origin: string): Promise<Page | undefined> {
  const page = await workerTab?.catch(() => undefined);
  if (!page || page.isClosed()) return undefined;
  try {
    await page.removeAllListeners(undefined, { behavior: 'ignoreErrors' });
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    if (page.url().startsWith(origin)) await page.evaluate('localStorage.clear(); sessionStorage.clear()');
    await page.goto('about:blank');
    await page.emulateMedia({ colorScheme: null, reducedMotion: null, forcedColors: null, media: null });
    page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(DEFAULT_TIMEOUT_MS);
    return page;
  } catch {
    workerTab = undefined;
    await page.context().close();
    return undefined;
  }
}

/**
 * One tab for a file's tests, each loading the inspector afresh into it: a browser context and its
 * renderer cost Chromium about a second of CPU each, as much as a test's own work. `reset` (after
 * each test) clears what the page stored and leaves it on about:blank, so the next test starts from
 * an empty tab as in a fresh context, and no page goes on following the live feed meanwhile.
 * With no options but a viewport (and downloads, which a context accepts by default) the tab is the
 * worker's, shared with the files before and after this one (openWorkerTab).
 */
export async function reusableTab(fixture: InspectorFixture, options: BrowserContextOptions = {}): Promise<{ page: Page; reset(): Promise<void> }> {
  const shared = Object.entries(options).every(([name, value]) => name === 'viewport' || (name === 'acceptDownloads' && value === true));
  let page: Page;
  if (shared) {
    page = await openWorkerTab(fixture.browser);
    await page.setViewportSize(options.viewport ?? DEFAULT_VIEWPORT);
  } else {
    page = await (await fixture.browser.newContext(options)).newPage();
  }
  return {
    page,
    reset: async () => {
      if (page.url().startsWith(fixture.origin)) await page.evaluate('localStorage.clear(); sessionStorage.clear()');
      await page.goto('about:blank');
    },
  };
}
