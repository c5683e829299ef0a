import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface LintDiagnostic {
  code: string;
  message: string;
  help?: string;
}

/**
 * A scratch tree holding a copy of the project's lint config (.oxlintrc.json), where a test lints a
 * file of its own as if it were at a given path of the project: no file appears in the real tree
 * while `npm test` type-checks and lints it.
 */
export function lintScratch(name: string) {
  const tree = mkdtempSync(join(tmpdir(), `${name}-`));
  copyFileSync(join(ROOT, '.oxlintrc.json'), join(tree, '.oxlintrc.json'));
  return {
    /** Lints `source` as the file `path`; resolves with oxlint's exit code and what it reported. */
    lint(path: string, source: string): Promise<{ code: number; diagnostics: LintDiagnostic[] }> {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), source);
      return new Promise((done, fail) =>
        execFile(join(ROOT, 'node_modules/.bin/oxlint'), ['--format', 'json', path], { cwd: tree, timeout: 30_000 }, (error, stdout) => {
          if (error && typeof error.code !== 'number') return fail(error);
          done({ code: error ? Number(error.code) : 0, diagnostics: (JSON.parse(stdout) as { diagnostics: LintDiagnostic[] }).diagnostics });
        }),
      );
    },
    remove: () => rmSync(tree, { recursive: true, force: true }),
  };
}
