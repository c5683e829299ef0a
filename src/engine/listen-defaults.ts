// Where `serve` listens unless told otherwise, apart from engine.ts so the CLI's `--help` needs no engine.
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;
