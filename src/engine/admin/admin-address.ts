import type { FastifyInstance } from 'fastify';
import type { AppSettingsStore } from '../store/app-settings';
import { generateToken } from '../store/workspaces';

/**
 * `serve`'s admin port and token, kept in the database's app settings (never exported, never
 * logged) so the inspector URL it prints stays the same across restarts and an open tab — which
 * keeps the token in sessionStorage — reconnects by itself.
 */
const PORT_KEY = 'admin.port';
const TOKEN_KEY = 'admin.token';

/** How the admin token is chosen: given, fresh per start (the default), or kept in the database. */
export type AdminTokenChoice = string | 'remembered' | 'new-remembered' | undefined;

export function chooseAdminToken(choice: AdminTokenChoice, settings: AppSettingsStore): string {
  if (choice === undefined) return generateToken();
  if (choice !== 'remembered' && choice !== 'new-remembered') return choice;
  const stored = settings.get<string>(TOKEN_KEY);
  if (choice === 'remembered' && typeof stored === 'string' && stored !== '') return stored;
  const token = generateToken();
  settings.set(TOKEN_KEY, token);
  return token;
}

export interface AdminListening {
  port: number;
  /** The remembered port that was busy, when another had to be taken. */
  movedFrom?: number;
}

/**
 * Listens on 127.0.0.1: on `port` (0 picks a free one) or, for 'remembered', on the port the last
 * start took; a free one the first time or when that one is in use now, remembered from then on.
 * An explicit port in use fails (EADDRINUSE), since the user asked for that one.
 */
export async function listenAdmin(admin: FastifyInstance, port: number | 'remembered', settings: AppSettingsStore): Promise<AdminListening> {
  if (port !== 'remembered') {
    await admin.listen({ host: '127.0.0.1', port }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? new AdminPortInUseError(port) : error;
    });
    return { port: boundPort(admin) };
  }
  const remembered = settings.get<number>(PORT_KEY);
  let movedFrom: number | undefined;
  if (Number.isInteger(remembered) && remembered! > 0 && remembered! <= 65_535) {
    try {
      await admin.listen({ host: '127.0.0.1', port: remembered });
      return { port: remembered! };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
      movedFrom = remembered;
    }
  }
  await admin.listen({ host: '127.0.0.1', port: 0 });
  const taken = boundPort(admin);
  settings.set(PORT_KEY, taken);
  return { port: taken, ...(movedFrom !== undefined && { movedFrom }) };
}

/** The admin port asked for is taken: told apart from the SCIM port's EADDRINUSE, so `serve` names the right flag. */
export class AdminPortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(readonly port: number) {
    super(`Admin port ${port} is already in use.`);
  }
}

function boundPort(admin: FastifyInstance): number {
  const address = admin.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('The admin listener has no port.');
  return address.port;
}
