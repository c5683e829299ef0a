import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewmanItem, NewmanRequest, NewmanResponse } from 'newman';
import type { PostmanReport, PostmanRequestResult, PostmanSummary } from '../../shared/suites';

/**
 * Runs a Postman collection (Microsoft's SCIM reference collection is one) with newman, the runner
 * Postman publishes, so its `pm.test` assertions are evaluated exactly as Postman evaluates them.
 * Each request becomes one result with its assertions counted; a script error or a request that gets
 * no answer fails it. Variables the SCIM collections use are filled from the target (see
 * targetVariables); a Postman environment export and single values can add to or override them.
 *
 * It never hangs on a bad collection: each request and each script has a time limit, a collection
 * that keeps sending itself back (`setNextRequest` in a loop) is stopped after a bounded number of
 * requests, and a file that is not a v2 collection is refused before newman sees it.
 */
export class PostmanError extends Error {}

export interface PostmanTarget {
  baseUrl: string;
  /** bearer token, '' for none */
  token: string;
}

export interface PostmanRunOptions {
  target: PostmanTarget;
  /** the file's name, for the report */
  file: string;
  /** a Postman environment export: its enabled values are used */
  environment?: unknown;
  /** single values; they win over the environment and the target's */
  variables?: Record<string, string>;
  /** folders (at any depth, by name) to leave out */
  skipFolders?: string[];
  signal?: AbortSignal;
  /** each request's result as it finishes */
  onRequest?: (result: PostmanRequestResult, done: number, total: number) => void;
  requestTimeoutMs?: number;
  /** How long a script may run before newman ends the run (tests make it short). */
  scriptTimeoutMs?: number;
  /** Requests a run may always send before it counts as looping (200; tests make it small). */
  loopFloor?: number;
}

const REQUEST_TIMEOUT_MS = 15_000;
const SCRIPT_TIMEOUT_MS = 5_000;

interface RawItem {
  name?: unknown;
  item?: unknown;
  request?: unknown;
}

/** A v2 collection: `info` and an `item` list. Anything else gets a sentence saying what it is. */
export function assertPostmanCollection(document: unknown): asserts document is { info: { name?: string }; item: RawItem[] } {
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new PostmanError('Not a Postman collection: the file is not a JSON object.');
  const record = document as Record<string, unknown>;
  if (Array.isArray(record.steps)) throw new PostmanError('This is a Runscope test export, not a Postman collection: run it with --runscope.');
  if (Array.isArray(record.values) && (record._postman_variable_scope !== undefined || record.item === undefined)) {
    throw new PostmanError('This is a Postman environment, not a collection: pass it with --postman-env next to the collection.');
  }
  if (Array.isArray(record.requests))
    throw new PostmanError('This is a Postman collection in the old v1 format: export it again from Postman as Collection v2.1.');
  if (typeof record.info !== 'object' || record.info === null || !Array.isArray(record.item)) {
    throw new PostmanError('Not a Postman collection: a v2 collection has an "info" object and an "item" list.');
  }
  const check = (items: unknown[], where: string) => {
    for (const [index, item] of items.entries()) {
      if (typeof item !== 'object' || item === null || Array.isArray(item))
        throw new PostmanError(`Not a Postman collection: ${where}item ${index + 1} is not an object.`);
      const children = (item as RawItem).item;
      if (children !== undefined) {
        if (!Array.isArray(children)) throw new PostmanError(`Not a Postman collection: the "item" of ${where}item ${index + 1} is not a list.`);
        check(children, `${where}${String((item as RawItem).name ?? index + 1)} / `);
      }
    }
  };
  check(record.item, '');
}

/** The variables Microsoft's collection uses (Protocol, Server, Port with its colon, Api, token), read from the base URL. */
export function targetVariables(target: PostmanTarget): Record<string, string> {
  const url = new URL(target.baseUrl);
  return {
    Protocol: url.protocol.replace(/:$/, ''),
    Server: url.hostname,
    Port: url.port ? `:${url.port}` : '',
    Api: url.pathname.replace(/^\/+|\/+$/g, ''),
    token: target.token,
  };
}

/** The enabled values of a Postman environment export (`{ values: [{ key, value, enabled }] }`). */
export function environmentVariables(environment: unknown): Record<string, string> {
  const values = (environment as { values?: unknown } | null)?.values;
  if (typeof environment !== 'object' || environment === null || !Array.isArray(values)) {
    throw new PostmanError('Not a Postman environment: an environment export has a "values" list.');
  }
  const result: Record<string, string> = {};
  for (const entry of values as { key?: unknown; value?: unknown; enabled?: unknown }[]) {
    if (typeof entry !== 'object' || entry === null || typeof entry.key !== 'string' || entry.enabled === false) continue;
    result[entry.key] = entry.value === undefined || entry.value === null ? '' : String(entry.value);
  }
  return result;
}

/** The collection without the named folders; every name must be a folder in it, so a typo is not a silent full run. */
function withoutFolders(collection: { item: RawItem[] }, names: string[]): { item: RawItem[] } {
  const found = new Set<string>();
  const folders = new Set<string>();
  const prune = (items: RawItem[]): RawItem[] =>
    items.flatMap((item) => {
      if (!Array.isArray(item.item)) return [item];
      folders.add(String(item.name));
      if (names.includes(String(item.name))) {
        found.add(String(item.name));
        return [];
      }
      return [{ ...item, item: prune(item.item as RawItem[]) }];
    });
  const pruned = { ...collection, item: prune(collection.item) };
  const missing = names.filter((name) => !found.has(name));
  if (missing.length > 0)
    throw new PostmanError(
      `No folder named ${missing.map((name) => `"${name}"`).join(', ')} in the collection; its folders: ${[...folders].map((name) => `"${name}"`).join(', ') || 'none'}.`,
    );
  return pruned;
}

function countRequests(items: RawItem[]): number {
  return items.reduce((sum, item) => sum + (Array.isArray(item.item) ? countRequests(item.item as RawItem[]) : 1), 0);
}

/** `Folder / Sub-folder / Request`, from newman's item up to (not including) the collection. */
function pathOf(item: NewmanItem): string {
  const names: string[] = [];
  for (let current: NewmanItem | undefined = item; current; current = current.parent?.()) {
    if (current.parent?.()) names.unshift(current.name);
  }
  return names.join(' / ') || item.name;
}

export function summarizePostman(results: PostmanRequestResult[]): PostmanSummary {
  const sum = (read: (result: PostmanRequestResult) => number) => results.reduce((total, result) => total + read(result), 0);
  return {
    requests: { passed: sum((r) => (r.passed ? 1 : 0)), failed: sum((r) => (r.passed ? 0 : 1)) },
    assertions: { passed: sum((r) => r.assertions.passed), failed: sum((r) => r.assertions.failed) },
  };
}

/**
 * The collection as it will run (named folders left out) and how many requests that is; throws a
 * PostmanError for a file that is not a v2 collection or a folder name it does not hold, so a
 * caller can refuse before doing anything else.
 */
export function planPostman(document: unknown, skipFolders: string[] = []): { collection: { info: { name?: string }; item: RawItem[] }; total: number } {
  assertPostmanCollection(document);
  const collection = withoutFolders(document, skipFolders) as { info: { name?: string }; item: RawItem[] };
  return { collection, total: countRequests(collection.item) };
}

export async function runPostman(document: unknown, options: PostmanRunOptions): Promise<PostmanReport> {
  const skipFolders = options.skipFolders ?? [];
  const { collection, total } = planPostman(document, skipFolders);
  const values: Record<string, string> = {
    ...(options.environment === undefined ? {} : environmentVariables(options.environment)),
    ...targetVariables(options.target),
    ...options.variables,
  };
  // Secrets never reach the report: the token and every other value given as a secret-looking
  // variable are masked wherever newman's messages or URLs repeat them.
  const secrets = [
    options.target.token,
    ...Object.entries(values)
      .filter(([key]) => /token|secret|password|key/i.test(key))
      .map(([, value]) => value),
  ].filter((value) => value.length >= 4);
  const redact = (text: string) => secrets.reduce((result, secret) => result.split(secret).join('***'), text);
  // Scripts may read files (pm.sendRequest bodies, form-data): only from an empty folder of their own.
  // newman takes about half a second to load: only the runs that use it pay for it, not every CLI start.
  const { default: newman } = await import('newman');
  const workingDir = mkdtempSync(join(tmpdir(), 'scim-workbench-postman-'));
  const results: PostmanRequestResult[] = [];
  // A collection can send requests again with setNextRequest; past this many it is looping.
  const maxRequests = Math.max(options.loopFloor ?? 200, total * 10);
  let cancelled = false as boolean;
  try {
    await new Promise<void>((resolve, reject) => {
      let current:
        | { item: NewmanItem; request?: NewmanRequest; response?: NewmanResponse; failures: string[]; assertions: { passed: number; failed: number } }
        | undefined;
      let abort: (() => void) | undefined;
      const stop = () => {
        cancelled = true;
        abort?.();
      };
      options.signal?.addEventListener('abort', stop, { once: true });
      const emitter = newman.run(
        {
          collection,
          environment: { values: Object.entries(values).map(([key, value]) => ({ key, value, enabled: true })) },
          reporters: [],
          timeoutRequest: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
          timeoutScript: options.scriptTimeoutMs ?? SCRIPT_TIMEOUT_MS,
          workingDir,
          insecureFileRead: false,
        },
        (error) => {
          options.signal?.removeEventListener('abort', stop);
          // A script past its time limit ends newman's whole run: say which request it stopped at.
          const at = current ? ` at "${pathOf(current.item)}"` : '';
          if (error) reject(new PostmanError(`newman stopped the run${redact(at)}: ${redact(error.message)}`));
          else resolve();
        },
      );
      emitter.on('start', (_error: Error | null, { run }: { run: { abort(): void } }) => {
        abort = () => run.abort();
        if (options.signal?.aborted) stop();
      });
      emitter.on('beforeItem', (_error: Error | null, { item }: { item: NewmanItem }) => {
        current = { item, failures: [], assertions: { passed: 0, failed: 0 } };
      });
      emitter.on('request', (error: Error | null, { request, response }: { request: NewmanRequest; response?: NewmanResponse }) => {
        if (!current) return;
        current.request = request;
        current.response = response;
        if (error) current.failures.push(`the request did not get through: ${error.message}`);
      });
      emitter.on('assertion', (_error: Error | null, event: { assertion: string; skipped?: boolean; error?: { message: string } }) => {
        if (!current || event.skipped) return;
        if (event.error) {
          current.assertions.failed += 1;
          current.failures.push(`${event.assertion}: ${event.error.message}`);
        } else current.assertions.passed += 1;
      });
      emitter.on('exception', (_error: Error | null, { error }: { error?: { message?: string } }) => {
        current?.failures.push(`script error: ${error?.message ?? 'unknown'}`);
      });
      emitter.on('item', () => {
        if (!current) return;
        const { item, request, response, failures, assertions } = current;
        current = undefined;
        const result: PostmanRequestResult = {
          index: results.length,
          name: redact(pathOf(item)),
          method: request?.method ?? '',
          url: redact(request?.url.toString() ?? ''),
          ...(response && { status: response.code }),
          passed: failures.length === 0,
          failures: failures.map(redact),
          assertions,
          ...(response?.responseTime !== undefined && { timeMs: Math.round(response.responseTime) }),
        };
        results.push(result);
        options.onRequest?.(result, results.length, total);
        if (results.length >= maxRequests) {
          abort?.();
          reject(
            new PostmanError(
              `The collection sent ${results.length} requests, more than ten times the ${total} it holds: it loops (setNextRequest), so the run was stopped.`,
            ),
          );
        }
      });
    });
  } finally {
    rmSync(workingDir, { recursive: true, force: true });
  }
  const name = (collection.info as { name?: unknown }).name;
  return {
    file: options.file,
    collection: typeof name === 'string' ? name : options.file,
    skippedFolders: skipFolders,
    ...(cancelled && { cancelled: true }),
    summary: summarizePostman(results),
    requests: results,
  };
}

/** A Markdown section for a report: each request with its assertion counts and failures. */
export function postmanToMarkdown(report: PostmanReport): string {
  const { summary } = report;
  const lines = [
    '',
    `## Postman collection ${report.file} (“${report.collection}”)`,
    '',
    `${summary.requests.failed} of ${report.requests.length} requests failed; assertions ${summary.assertions.passed} passed, ${summary.assertions.failed} failed.`,
  ];
  if (report.skippedFolders.length > 0) lines.push('', `Left out: ${report.skippedFolders.map((name) => `folder “${name}”`).join(', ')}.`);
  if (report.cancelled) lines.push('', 'The run was cancelled before the end of the collection.');
  lines.push('');
  for (const request of report.requests) {
    lines.push(
      `- ${request.passed ? '✓' : '✗'} ${request.index + 1}. ${request.name}: \`${request.method} ${request.url}\` → ${request.status ?? 'no answer'}, ${request.assertions.passed}/${request.assertions.passed + request.assertions.failed} assertions`,
    );
    for (const failure of request.failures) lines.push(`  - ${failure}`);
  }
  return `${lines.join('\n')}\n`;
}
