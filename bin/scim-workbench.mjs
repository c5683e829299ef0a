#!/usr/bin/env node
// Runs the TypeScript CLI straight from a checkout (`npx scim-workbench` after
// `npm install`): tsx compiles src/ on the fly, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
