#!/usr/bin/env node
// `npm run bench`: like bin/scim-workbench.mjs, tsx compiles the TypeScript on the fly,
// so the benchmark measures the sources as they are, with no build step in between.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/run.ts');
process.exitCode = await main(process.argv.slice(2));
