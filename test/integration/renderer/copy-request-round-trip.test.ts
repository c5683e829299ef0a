import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCurl } from '../../../src/renderer/src/copy-as-curl';
import { asFetch } from '../../../src/renderer/src/copy-as-fetch';
import type { RecordedExchange } from '../../../src/shared/recording';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * "Copy as cURL" and "Copy as fetch" are runnable: the copied text, run by bash (curl) and by Node
 * with SCIM_TOKEN set, reaches the workbench on 127.0.0.1 and gets the answer that was recorded.
 */
describe('copied requests run against the workbench', () => {
  let server: ScimTestServer;
  let recorded: RecordedExchange[];
  beforeAll(async () => {
    server = await startScimServer();
    const created = await server.request('POST', '/Users', {
      schemas: [URN.user],
      userName: "o'brien@example.com",
      emails: [{ value: 'ob@example.com', type: 'work' }],
    });
    // As IdPs send them: a filter with quotes and brackets (a curl URL pattern unless turned off), a lookup by id, a search by POST.
    await server.request('GET', `/Users?filter=${encodeURIComponent('emails[type eq "work"].value eq "ob@example.com"')}&startIndex=1&count=2`);
    await server.request('GET', `/Users?filter=emails[type%20eq%20"work"]`);
    await server.request('GET', `/Users/${created.body.id}`);
    await server.request('POST', '/Users/.search', { schemas: [URN.searchRequest], filter: `userName eq "o'brien@example.com"` });
    server.app.workbench.recorder.flush();
    recorded = server.app.workbench.recordings
      .listExchanges({ limit: 100 })
      .items.filter((exchange) => exchange.request.method !== 'POST' || exchange.request.url.endsWith('/.search'));
    expect(recorded).toHaveLength(4);
  });
  afterAll(async () => {
    await server?.close();
  });

  // Not spawnSync: the server answering the command runs in this process.
  // bash --norc: bash reads ~/.bashrc when its stdin is a socket, as execFile's is (it takes that for
  // sshd), and whatever the machine's .bashrc does (seconds of pyenv here) is not part of the command.
  const run = (file: string, args: string[], env: Record<string, string>) =>
    promisify(execFile)(file, args, { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  const answerOf = (output: string) => {
    const cut = output.lastIndexOf('\n');
    return { status: Number(output.slice(cut + 1)), body: output.slice(0, cut) };
  };

  it('cURL: bash runs the command with $SCIM_TOKEN and gets the recorded answer', async () => {
    for (const exchange of recorded) {
      const command = `${asCurl(exchange, { origin: server.origin })} --silent --show-error --write-out '\\n%{http_code}'`;
      const { stdout, stderr } = await run('bash', ['--norc', '-c', command], { SCIM_TOKEN: server.token });
      expect(stderr).not.toContain('curl:');
      expect(answerOf(stdout)).toEqual({ status: exchange.response.status, body: exchange.response.body });
    }
  });

  it('fetch: Node runs the snippet with SCIM_TOKEN and gets the recorded answer', async () => {
    for (const exchange of recorded) {
      const code = asFetch(exchange, { origin: server.origin }).replace(
        'console.log(response.status, await response.text())',
        "process.stdout.write(await response.text() + '\\n' + response.status)",
      );
      const { stdout, stderr } = await run(process.execPath, ['-e', code], { SCIM_TOKEN: server.token });
      expect(stderr).toBe('');
      expect(answerOf(stdout)).toEqual({ status: exchange.response.status, body: exchange.response.body });
    }
  });

  it('with the token put in clear on request, needs no variable', async () => {
    const { stdout } = await run(
      'bash',
      ['--norc', '-c', `${asCurl(recorded[0]!, { origin: server.origin, token: server.token })} --silent --write-out '\\n%{http_code}'`],
      {},
    );
    expect(answerOf(stdout).status).toBe(recorded[0]!.response.status);
  });
});
