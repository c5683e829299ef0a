import { AdminPortInUseError } from '../engine/admin/admin-address';

/** What a command that starts the engine (`serve`, `demo`) says when a port it asked for is taken; other errors as they are. */
export function explainStartFailure(error: unknown, port: number): unknown {
  if (error instanceof AdminPortInUseError) {
    return new Error(`Admin port ${error.port} is already in use. Stop the other process or pass --admin-port <another port> (0 picks a free one).`);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return new Error(`Port ${port} is already in use. Stop the other process or pass --port <another port> (0 picks a free one).`);
  }
  return error;
}
