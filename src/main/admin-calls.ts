import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { SessionListResponse } from '../shared/admin-api';
import { writeChunksToFile } from '../engine/recorder/write-export-file';
import type { SessionSummary } from '../shared/recording';
import type { EngineAddress } from './engine-messages';
import { stripByteOrderMark } from '../engine/files/input-file';

export interface PendingExport {
  fileName: string;
  saveTo(path: string): Promise<void>;
  discard(): Promise<void>;
}

/**
 * The menu's File actions, done through the engine's admin API like everything else the user
 * does: the main process holds no engine state of its own.
 */
export class AdminCalls {
  constructor(
    private readonly engine: Pick<EngineAddress, 'adminUrl' | 'adminToken'>,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private async call(method: string, path: string, body?: string): Promise<Response> {
    const response = await this.fetchImpl(`${this.engine.adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.engine.adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body,
    });
    if (!response.ok) {
      const error = (await response.json().catch(() => undefined)) as { error?: string } | undefined;
      throw new Error(error?.error ?? `${method} ${path} answered ${response.status}`);
    }
    return response;
  }

  async newSession(name: string): Promise<SessionSummary> {
    return (await (await this.call('POST', '/sessions', JSON.stringify({ name }))).json()) as SessionSummary;
  }

  /** The session live traffic goes to: the newest live one (never an import or a replay). */
  async currentSession(): Promise<SessionSummary | undefined> {
    const sessions = (await (await this.call('GET', '/sessions')).json()) as SessionListResponse;
    return sessions.find((session) => session.current);
  }

  /**
   * Starts an export download and hands back its suggested name; the body is then streamed to the
   * file the user picks (`saveTo`, a 0600 file) or dropped (`discard`). Until then it waits
   * unread, and the engine's export waits with it: nothing of the session is held in memory.
   */
  async exportSession(id: number, format: 'json' | 'har'): Promise<PendingExport> {
    const response = await this.call('GET', `/sessions/${id}/export?format=${format}`);
    const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `session-${id}.${format}`;
    const body = response.body as ReadableStream<Uint8Array> | null;
    return {
      fileName,
      saveTo: (path) => writeChunksToFile(path, body ? Readable.fromWeb(body) : Readable.from([])),
      discard: async () => void (await body?.cancel()),
    };
  }

  /** `text` is the file as read; the engine tells a session file from a HAR and refuses anything else. */
  async importSession(text: string): Promise<SessionSummary> {
    // A file saved with a UTF-8 byte order mark is still JSON; JSON.parse alone would refuse it.
    const json = stripByteOrderMark(text);
    try {
      JSON.parse(json);
    } catch {
      throw new Error('The file is not JSON: a session file or a HAR is expected.');
    }
    return (await (await this.call('POST', '/sessions/import', json)).json()) as SessionSummary;
  }
}
