import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';
import { expect, it } from 'vitest';

/**
 * The installers cannot be built here (no Electron binary), so the packaging configuration is
 * read as electron-builder reads it: the fuses that keep an installed app from running arbitrary
 * code as Node or from an unpacked folder must be set.
 */
it('packages with the fuses that close Node-runtime and unpacked-code entry points', () => {
  const config = load(readFileSync(resolve(import.meta.dirname, '../../../electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, boolean> };
  expect(config.electronFuses).toEqual({
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
  });
});
