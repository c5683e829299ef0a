import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompatibilityMode } from '../../../src/engine/compat/modes';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';
import { notesOf, openWorkspace } from '../../support/workspace-client';

/**
 * Okta's Runscope SPEC-test export POSTs its users with a JSON body and no Content-Type (issue 18).
 * `auto` and `okta` read such a body (and one labelled text/json or text/plain) as JSON and note the
 * habit; `strict` and the modes of IdPs that always label their JSON refuse it with a 415 that says
 * what to send. fetch always labels a string body, so these requests go out through node:http.
 */
let server: ScimTestServer;
let counter = 0;

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** Sends exactly the headers given (plus Host, Content-Length, Authorization), no Content-Type unless named. */
function send(baseUrl: string, token: string, method: string, path: string, body: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const url = new URL(`${baseUrl}${path}`);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method, headers: { authorization: `Bearer ${token}`, 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const workspaces = new Map<CompatibilityMode, { baseUrl: string; token: string }>();
function workspace(mode: CompatibilityMode) {
  if (!workspaces.has(mode)) workspaces.set(mode, openWorkspace(server, `ctype-${mode}`, { compatibility: mode }));
  return workspaces.get(mode)!;
}
const post = (mode: CompatibilityMode, body: string, headers: Record<string, string> = {}) => {
  const { baseUrl, token } = workspace(mode);
  return send(baseUrl, token, 'POST', '/Users', body, headers);
};
const newUser = () => JSON.stringify({ schemas: [URN.user], userName: `ctype.${++counter}@example.com`, active: true });
const notes = (answer: RawAnswer) => notesOf({ status: answer.status, headers: answer.headers as Record<string, string>, body: answer.body });

function expectUnsupported(answer: RawAnswer) {
  expect(answer.status).toBe(415);
  expect(answer.body.schemas).toEqual([URN.error]);
  expect(answer.body.status).toBe('415');
  // Says what to send instead.
  expect(answer.body.detail).toContain('application/scim+json');
  expect(answer.body.detail).toContain('application/json');
}

beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});

describe.each(['auto', 'okta'] as const)('in %s mode', (mode) => {
  it('creates a user from a JSON body sent without Content-Type, noting the habit', async () => {
    const answer = await post(mode, newUser());
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.userName).toMatch(/^ctype\.\d+@example\.com$/);
    expect(notes(answer)).toContain('normalised:missingContentType');
  });

  it.each(['text/json', 'text/plain', 'text/plain; charset=utf-8'])('reads a JSON body labelled %s, noting the habit', async (type) => {
    const answer = await post(mode, newUser(), { 'content-type': type });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(notes(answer)).toContain('normalised:missingContentType');
  });

  it('records the note with the exchange, for the inspector', async () => {
    const userName = `recorded.${mode}.${++counter}@example.com`;
    const answer = await post(mode, JSON.stringify({ schemas: [URN.user], userName }));
    expect(answer.status).toBe(201);
    const recordedNotes = () =>
      server.app.workbench.db
        .prepare("SELECT notes FROM exchanges WHERE workspace = ? AND method = 'POST' AND status = 201 AND response_body LIKE ?")
        .pluck()
        .all(`ctype-${mode}`, `%${userName}%`) as string[];
    await expect.poll(() => recordedNotes().length).toBe(1);
    expect(JSON.parse(recordedNotes()[0]!)).toContainEqual(expect.objectContaining({ kind: 'normalised', code: 'missingContentType' }));
  });

  it('reads an unlabelled PATCH body too', async () => {
    const created = await post(mode, newUser());
    const { baseUrl, token } = workspace(mode);
    const patch = JSON.stringify({ schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] });
    const answer = await send(baseUrl, token, 'PATCH', `/Users/${created.body.id}`, patch);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.active).toBe(false);
    expect(notes(answer)).toContain('normalised:missingContentType');
  });

  it('answers a body without Content-Type that is not JSON with 400 invalidSyntax', async () => {
    const answer = await post(mode, 'userName=jane');
    expect(answer.status).toBe(400);
    expect(answer.body.schemas).toEqual([URN.error]);
    expect(answer.body.scimType).toBe('invalidSyntax');
    expect(answer.body.detail).toMatch(/not valid JSON/);
  });

  it('still refuses a Content-Type that is not JSON, such as application/xml, with 415', async () => {
    expectUnsupported(await post(mode, newUser(), { 'content-type': 'application/xml' }));
  });
});

describe('in strict mode', () => {
  it('refuses a JSON body without Content-Type with 415 naming the accepted types', async () => {
    const answer = await post('strict', newUser());
    expectUnsupported(answer);
    expect(answer.body.detail).toMatch(/no Content-Type/i);
    expect(notes(answer)).toEqual([]);
  });

  it.each(['text/json', 'text/plain'])('refuses a JSON body labelled %s with 415', async (type) => {
    const answer = await post('strict', newUser(), { 'content-type': type });
    expectUnsupported(answer);
    expect(answer.body.detail).toContain(type);
  });

  it('creates nothing when it refuses', async () => {
    const userName = `strict.refused.${++counter}@example.com`;
    expectUnsupported(await post('strict', JSON.stringify({ schemas: [URN.user], userName })));
    const { baseUrl, token } = workspace('strict');
    const found = await send(baseUrl, token, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, '');
    expect(found.body.totalResults).toBe(0);
  });
});

// Entra's provisioning service, Microsoft's reference collection and OneLogin label their JSON,
// so a body without Content-Type in their modes is a client the mode does not describe.
describe.each(['entra', 'entra-lenient', 'onelogin'] as const)('in %s mode', (mode) => {
  it('refuses a JSON body without Content-Type with 415', async () => {
    expectUnsupported(await post(mode, newUser()));
  });
});

describe('an empty body without Content-Type', () => {
  it('is answered as before: a POST with no body is a 400 invalidSyntax, not a 415', async () => {
    for (const mode of ['auto', 'okta', 'strict'] as const) {
      const answer = await post(mode, '');
      expect(answer.status, `${mode}: ${JSON.stringify(answer.body)}`).toBe(400);
      expect(answer.body.schemas).toEqual([URN.error]);
      expect(notes(answer)).not.toContain('normalised:missingContentType');
    }
  });
});
