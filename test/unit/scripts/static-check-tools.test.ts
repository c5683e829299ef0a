import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * TypeScript is installed twice (DEVELOPERS.md): the `tsc` that `npm run typecheck` runs must be
 * TypeScript 7's native compiler (a fresh clone's check in a third of the CPU), while the `typescript`
 * package, which editors' tsserver and any tool importing the compiler load, must stay TypeScript 6:
 * TypeScript 7 has no JavaScript API. npm links one `tsc` into node_modules/.bin from the packages that
 * offer one; this fails if that ever changes.
 */
const root = resolve(import.meta.dirname, '../../..');

describe('the TypeScript compilers', () => {
  it('runs TypeScript 7 as the tsc on the scripts’ PATH', () => {
    const version = execFileSync(resolve(root, 'node_modules/.bin/tsc'), ['--version'], { encoding: 'utf8' });
    expect(version).toMatch(/^Version 7\./);
  });

  it('hands TypeScript 6 to whatever imports the compiler', () => {
    const typescript = createRequire(resolve(root, 'package.json'))('typescript') as { version: string };
    expect(typescript.version).toMatch(/^6\./);
  });
});
