import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { CliIo } from '../../src/cli/cli-io';

export const CLI = resolve(import.meta.dirname, '../../bin/scim-workbench.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The test's environment with these changes (an undefined value removes the variable). */
export function childEnv(changes: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * Runs a CLI command in this process: the bin's own `main`, with the command's output captured
 * instead of the process's. For a test about what a command does (its output, exit code, what it
 * stores or sends); a command costs its own work only, not a Node start and the loading of the CLI
 * (~0.25 s of CPU per spawn, some 200 of them in the suite). A test about the process itself (the
 * built bin, signals, environment variables, a read that could block) spawns it with spawnCli.
 */
export async function runCli(args: string[]): Promise<CliResult> {
  // A spawned command always gave the event loop a turn; one that only reads and writes SQLite can
  // finish in microtasks, and a test looping on commands (while its server or a simulation works)
  // would then starve its own sockets.
  await new Promise((resolve) => setImmediate(resolve));
  const stdout = new TextSink();
  const stderr = new TextSink();
  // Loaded on first use: most files that import these helpers only spawn.
  const { main } = await import('../../src/cli/main');
  const code = await main(['node', 'scim-workbench', ...args], new CliIo(stdout, stderr));
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A command's output, kept as text. */
class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the real CLI in a child process, as a user would from a checkout. */
export function spawnCli(args: string[], timeoutMs = 20_000, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI timed out: ${args.join(' ')}\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  baseUrl: string;
  token: string;
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Kills a serve still running (one a failed test left behind) and waits until it has exited. */
export async function killServe(serve: ServeProcess | undefined): Promise<void> {
  if (!serve || serve.child.exitCode !== null) return;
  serve.child.kill('SIGKILL');
  await serve.exited;
}

/** Starts `scim-workbench serve` and waits for the lines that say where it listens. */
export function startServe(args: string[], timeoutMs = 20_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args]);
  let output = '';
  const exited = new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const baseUrl = /^SCIM base URL: (\S+)$/m.exec(output)?.[1];
      const token = /^Token: (\S+)$/m.exec(output)?.[1];
      // Its last start-up line: every line before it (proxy, tunnel, inspector) is in `output` by then.
      if (baseUrl && token && /^Press Ctrl-C to stop\.$/m.test(output)) {
        clearTimeout(timer);
        resolvePromise({ child, baseUrl, token, output: () => output, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}

export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'scim-workbench-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
