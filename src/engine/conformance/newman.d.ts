/**
 * The part of newman's programmatic API the Postman runner (postman.ts) uses; newman ships no types.
 * https://github.com/postmanlabs/newman#api-reference
 */
declare module 'newman' {
  import type { EventEmitter } from 'node:events';

  /** A postman-collection Item or ItemGroup: named, with a parent up to the collection. */
  export interface NewmanItem {
    name: string;
    id?: string;
    parent?(): NewmanItem | undefined;
  }
  export interface NewmanRequest {
    method: string;
    url: { toString(): string };
  }
  export interface NewmanResponse {
    code: number;
    status?: string;
    responseTime?: number;
    stream?: Buffer;
  }
  export interface NewmanExecution {
    item: NewmanItem;
    request: NewmanRequest;
    response?: NewmanResponse;
    requestError?: Error;
    assertions?: { assertion: string; skipped?: boolean; error?: { message: string } }[];
  }
  export interface NewmanRunSummary {
    run: { executions: NewmanExecution[]; failures: unknown[]; stats: { assertions: { total: number; failed: number } } };
  }
  export interface NewmanRunOptions {
    collection: object;
    environment?: { values: { key: string; value: string; enabled?: boolean }[] };
    reporters?: string[];
    timeoutRequest?: number;
    timeoutScript?: number;
    timeout?: number;
    workingDir?: string;
    insecureFileRead?: boolean;
    ignoreRedirects?: boolean;
  }
  /** Events: start (run), beforeItem, request, assertion, exception, item, done. */
  export type NewmanRunEmitter = EventEmitter;
  export function run(options: NewmanRunOptions, callback: (error: Error | null, summary: NewmanRunSummary) => void): NewmanRunEmitter;
}
