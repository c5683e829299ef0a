import { hash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** An expired token is remembered this long, so its next use is answered "expired" rather than "unknown". */
const KEEP_EXPIRED_MS = 24 * 60 * 60 * 1000;

export type AccessTokenCheck = { valid: true } | { valid: false; reason: 'unknown' | 'expired' };

/**
 * Access tokens a workspace's OAuth token endpoint issued (client credentials, RFC 6749 §4.4). Only
 * their SHA-256 is stored; a presented token is looked up by its digest. Looking up by a hash
 * leaks nothing useful through timing: the digest of a guess says nothing about the stored ones.
 */
export class AccessTokenStore {
  private readonly insert;
  private readonly byDigest;
  private readonly prune;
  private readonly revoke;

  constructor(
    db: Database,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare<[string, number, number, number]>('INSERT INTO access_tokens (digest, workspace_id, issued, expires) VALUES (?, ?, ?, ?)');
    this.byDigest = db.prepare<[string, number], { expires: number }>('SELECT expires FROM access_tokens WHERE digest = ? AND workspace_id = ?');
    this.prune = db.prepare<[number]>('DELETE FROM access_tokens WHERE expires < ?');
    this.revoke = db.prepare<[number]>('DELETE FROM access_tokens WHERE workspace_id = ?');
  }

  /** A new access token for the workspace, valid for `lifetimeSeconds`; the plain token is returned once and never stored. */
  issue(workspaceId: number, lifetimeSeconds: number): { accessToken: string; expiresIn: number } {
    const now = this.now();
    this.prune.run(now - KEEP_EXPIRED_MS);
    const accessToken = randomBytes(32).toString('base64url');
    this.insert.run(digestOf(accessToken), workspaceId, now, now + lifetimeSeconds * 1000);
    return { accessToken, expiresIn: lifetimeSeconds };
  }

  check(workspaceId: number, accessToken: string): AccessTokenCheck {
    const row = this.byDigest.get(digestOf(accessToken), workspaceId);
    if (!row) return { valid: false, reason: 'unknown' };
    return row.expires > this.now() ? { valid: true } : { valid: false, reason: 'expired' };
  }

  /** Every token of the workspace stops working (its secret was regenerated). */
  revokeAll(workspaceId: number): void {
    this.revoke.run(workspaceId);
  }
}

/** The same hex SHA-256 as stored since the first release; one-shot, without a Hash object per request. */
const digestOf = (token: string) => hash('sha256', token);
