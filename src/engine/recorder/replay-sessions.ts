import { randomBytes } from 'node:crypto';

/**
 * The header a replay against this workbench's own SCIM listener adds to each request, so that the
 * recorder files the request under the replay's session instead of the live one. Its value is a
 * random key per replay job: a client that forges the header cannot aim at a session, and an unknown
 * value is recorded as live traffic. Redacted like a credential (see secret-names.ts).
 */
export const REPLAY_SESSION_HEADER = 'x-scim-workbench-replay-session';

/** A replay job's entry: the key its requests carry, and how to forget it when the job ends. */
export interface ReplaySessionKey {
  header: Record<string, string>;
  close(): void;
}

/**
 * Which replay job's session a request belongs to, by the key in REPLAY_SESSION_HEADER. Owned by the
 * Workbench: the replay jobs (admin API) open entries, the recorder (SCIM listener) reads them.
 */
export class ReplaySessions {
  private readonly sessions = new Map<string, number>();

  /** A new key for the session `sessionId`, valid until `close()`. */
  open(sessionId: number): ReplaySessionKey {
    const key = randomBytes(24).toString('base64url');
    this.sessions.set(key, sessionId);
    return { header: { [REPLAY_SESSION_HEADER]: key }, close: () => this.sessions.delete(key) };
  }

  /** The replay session a request's headers name, or undefined (live traffic, or an unknown key). */
  sessionOf(headers: Record<string, unknown>): number | undefined {
    const value = headers[REPLAY_SESSION_HEADER];
    return typeof value === 'string' ? this.sessions.get(value) : undefined;
  }

  /** Replay jobs running now (tests check that an ended job leaves nothing behind). */
  get size(): number {
    return this.sessions.size;
  }
}
