import { readFileSync } from 'node:fs';

/** The workbench's version from package.json (written into exports), read once; 0.0.0 where the file is not beside the code. */
export const WORKBENCH_VERSION: string = (() => {
  for (const path of ['../../package.json', '../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'scim-workbench' && pkg.version) return pkg.version;
    } catch {
      // try the next place: the layout differs between src/ (tsx) and the electron-vite bundle
    }
  }
  return '0.0.0';
})();
