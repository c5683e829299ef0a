/**
 * The part of newman's programmatic API the conformance test uses (newman ships no types).
 * https://github.com/postmanlabs/newman#api-reference
 */
declare module 'newman' {
  export interface NewmanExecution {
    item: { name: string };
    request: { method: string; url: { toString(): string } };
    response?: { code: number; stream?: Buffer };
    requestError?: Error;
    assertions?: { assertion: string; error?: { message: string } }[];
  }
  export interface NewmanRunSummary {
    run: { executions: NewmanExecution[]; failures: unknown[]; stats: { assertions: { total: number; failed: number } } };
  }
  export interface NewmanRunOptions {
    collection: object;
    environment?: { values: { key: string; value: string; enabled?: boolean }[] };
    reporters?: string[];
    timeoutRequest?: number;
  }
  export function run(options: NewmanRunOptions, callback: (error: Error | null, summary: NewmanRunSummary) => void): unknown;
}
