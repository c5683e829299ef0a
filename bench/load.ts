import autocannon, { type RawRequest } from 'autocannon';

export interface LoadOptions {
  /** Server origin, `http://127.0.0.1:<port>`. */
  origin: string;
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of the same load before measuring, not counted: lets the server's JIT settle. */
  warmup: number;
  headers?: Record<string, string>;
  /** The next request to send (method, path, body); called once per request, across all connections. */
  next: () => RawRequest;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  responses: number;
  /** Responses by status code, e.g. `{ "200": 51234 }`. */
  statuses: Record<string, number>;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
}

/** Drives one scenario with autocannon: a warm-up run, then the measured run. */
export async function measure(options: LoadOptions): Promise<LoadResult> {
  if (options.warmup > 0) await run(options, options.warmup);
  const result = await run(options, options.duration);
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, Number(count)]),
  );
  const responses = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    // Responses over the measured time, rather than autocannon's mean of per-second samples,
    // so a partial last second does not skew the figure.
    requestsPerSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    responses,
    statuses,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function run(options: LoadOptions, duration: number) {
  return autocannon({
    url: options.origin,
    connections: options.connections,
    duration,
    headers: options.headers,
    requests: [
      {
        setupRequest: (request) => {
          const next = options.next();
          return { ...request, ...next, headers: { ...request.headers, ...next.headers } };
        },
      },
    ],
  });
}
