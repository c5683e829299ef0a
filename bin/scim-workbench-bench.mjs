#!/usr/bin/env node
// `npm run bench`: tsx compiles the bench's TypeScript on the fly (a dev tool; tsx is a devDependency),
// so it measures the engine's sources as they are. The CLI it times (--only cli) is the built one.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/run.ts');
process.exitCode = await main(process.argv.slice(2));
