import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer, type BuildServerOptions } from '../../src/engine/http/scim-server';

/** What a test sees of one HTTP exchange: the body is parsed JSON when it is JSON, else the raw text. */
export interface ScimResponse {
  status: number;
  headers: Record<string, string>;
  // Tests read arbitrary fields of SCIM documents; `any` keeps those reads short.
  body: any;
}

/**
 * A header set to `null` is not sent, so a test can drop the default Authorization or
 * Content-Type header.
 */
export type RequestHeaders = Record<string, string | null>;

export interface ScimTestServer {
  /** The server's origin, `http://127.0.0.1:<port>`. */
  origin: string;
  /** The default workspace's SCIM root, `http://127.0.0.1:<port>/scim/v2`. */
  baseUrl: string;
  /** The default workspace's bearer token. */
  token: string;
  dbPath: string;
  app: FastifyInstance;
  /**
   * Sends a request with `Authorization: Bearer <default token>` and, when there is a body,
   * `Content-Type: application/scim+json`. A path starting with `/` is relative to
   * `baseUrl`, a full URL is used as is. A string body is sent verbatim; anything else as JSON.
   */
  request(method: string, path: string, body?: unknown, headers?: RequestHeaders): Promise<ScimResponse>;
  /** Stops listening, closes the database, and removes the temp dir if this helper created it. */
  close(): Promise<void>;
}

export interface StartOptions extends Omit<BuildServerOptions, 'workbench' | 'dbPath'> {
  /** Reuse an existing database file (the caller owns it); by default a fresh temp dir is made and removed on close. */
  dbPath?: string;
}

export async function startScimServer(options: StartOptions = {}): Promise<ScimTestServer> {
  const ownDir = options.dbPath === undefined ? mkdtempSync(join(tmpdir(), 'scim-workbench-test-')) : undefined;
  const dbPath = options.dbPath ?? join(ownDir!, 'workbench.db');
  const app = buildServer({ ...options, dbPath });
  let address: string;
  try {
    address = await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await app.close();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    throw error;
  }
  const origin = address.replace('localhost', '127.0.0.1');
  const baseUrl = `${origin}/scim/v2`;
  const token = app.workbench.workspaces.ensureDefault().token;

  async function request(method: string, path: string, body?: unknown, headers: RequestHeaders = {}) {
    const url = /^https?:\/\//.test(path) ? path : `${baseUrl}${path}`;
    const merged: RequestHeaders = {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/scim+json' }),
      ...lowerCaseKeys(headers),
    };
    const sent = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== null));
    const response = await fetch(url, {
      method,
      headers: sent,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: Object.fromEntries(response.headers), body: parseBody(text) };
  }

  return {
    origin,
    baseUrl,
    token,
    dbPath,
    app,
    request,
    async close() {
      await app.close();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}

function lowerCaseKeys(headers: RequestHeaders): RequestHeaders {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
