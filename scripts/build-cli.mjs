// `node scripts/build-cli.mjs`: builds only electron-vite's `main` section (out/main: the CLI, the
// Electron main process and the engine's utility process, which share the engine's chunks), a few
// seconds instead of the whole `npm run build`. The test run (test/support/cli-build.global.ts) and
// the bench use it to make sure the CLI they spawn is the sources' code. Its own process, because
// electron-vite sets NODE_ENV=production in the process that builds.
import { utimesSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';
import { resolveConfig } from 'electron-vite';
import { CLI_BUNDLE } from './cli-build-state.mjs';

const root = resolve(import.meta.dirname, '..');
// Sources saved while the build reads them must count as newer than the bundle.
const started = new Date();
process.env.NODE_ENV_ELECTRON_VITE = 'production';
const { config } = await resolveConfig({ root, logLevel: process.argv.includes('--quiet') ? 'warn' : 'info' }, 'build', 'production');
if (!config.main) throw new Error('electron.vite.config.ts has no main section to build the CLI from.');
await build(config.main);
utimesSync(CLI_BUNDLE, started, started);
