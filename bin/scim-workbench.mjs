#!/usr/bin/env node
// Runs the CLI as electron-vite builds it (out/main/cli.js, by `npm run build`): plain Node, no
// compiler at run time. Where that build is missing or older than the sources (a fresh clone, an
// edit, a pull), running it would be older code than the checkout says, so the sources run through
// tsx instead (a devDependency; slow to start), with a note saying how to make starts fast again.
import { cliBuildState } from '../scripts/cli-build-state.mjs';
import { pathToFileURL } from 'node:url';

const build = cliBuildState();
if (build.state === 'fresh') {
  await import(pathToFileURL(build.bundle).href);
} else {
  const why = build.state === 'missing' ? 'the CLI is not built yet' : `${build.newer} changed since the CLI was built`;
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error(`scim-workbench: ${why}, and tsx (a devDependency) is not installed to run the sources. Run \`npm install\`, then \`npm run build\`.`);
    process.exit(1);
  }
  console.error(`scim-workbench: ${why}; running the TypeScript sources through tsx (slower to start). \`npm run build\` makes starts fast.`);
  register();
  await import('../src/cli/index.ts');
}
