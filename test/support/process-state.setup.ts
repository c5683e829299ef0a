import { afterAll } from 'vitest';

/**
 * Test files share their worker process (vitest.config.ts: isolate false), so what one file changes
 * in the process must not reach the next: the environment (a file that points HOME at a temp dir),
 * the working directory and the umask are put back as they were when the file started.
 */
const environment = { ...process.env };
const directory = process.cwd();
const umask = process.umask();

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
  Object.assign(process.env, environment);
  if (process.cwd() !== directory) process.chdir(directory);
  process.umask(umask);
});
