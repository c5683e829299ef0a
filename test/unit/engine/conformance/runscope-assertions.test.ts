import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRunscopePath } from '../../../../src/engine/conformance/runscope-assertions';
import { runRunscope, summarizeRunscope } from '../../../../src/engine/conformance/runscope';

/**
 * The Runscope runner must never pass what Runscope fails (issue 18): paths in JavaScript notation
 * (no mapping over arrays), every assertion evaluated (response_time ones apart, as timing), and each
 * assertion counted. Small hand-made exports against a plain listener that answers a fixed list.
 */
const list = {
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 1,
  Resources: [{ id: 'u1', userName: 'a@example.com', emails: [{ value: 'a@example.com', primary: true }] }],
};
const seen: string[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.url!);
    const body = request.url!.endsWith('/Groups') ? { schemas: list.schemas, totalResults: 0, Resources: [] } : list;
    response.writeHead(200, { 'content-type': 'application/scim+json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function exportWith(assertions: { source: string; property?: string; comparison: string; value: string | null }[]) {
  return { steps: [{ step_type: 'request', method: 'GET', url: '{{SCIMBaseURL}}/Users', headers: { Authorization: ['{{auth}}'] }, assertions }] };
}

describe('Runscope JSON paths', () => {
  it('reads a property of an array as undefined unless the array is indexed', () => {
    expect(resolveRunscopePath(list, 'Resources[0].emails.value')).toBeUndefined();
    expect(resolveRunscopePath(list, 'Resources.id')).toBeUndefined();
    expect(resolveRunscopePath(list, 'Resources[0].emails[0].value')).toBe('a@example.com');
    expect(resolveRunscopePath(list, 'Resources[1].id')).toBeUndefined();
    expect(resolveRunscopePath(list, 'totalResults')).toBe(1);
  });

  it('reads no inherited property and no malformed path', () => {
    expect(resolveRunscopePath(list, 'constructor')).toBeUndefined();
    expect(resolveRunscopePath(list, 'Resources[0].__proto__')).toBeUndefined();
    expect(resolveRunscopePath(list, 'Resources[x]')).toBeUndefined();
    expect(resolveRunscopePath(list, '')).toBeUndefined();
  });

  it('fails an assertion on a path mapped over an array, as Runscope does', async () => {
    const [step] = await runRunscope(
      exportWith([
        { source: 'response_json', property: 'Resources[0].emails.value', comparison: 'has_value', value: null },
        { source: 'response_json', property: 'Resources.userName', comparison: 'not_empty', value: null },
        { source: 'response_json', property: 'Resources[0].emails[0].value', comparison: 'equal', value: 'a@example.com' },
      ]),
      { baseUrl, token: 't' },
    );
    expect(step!.passed).toBe(false);
    expect(step!.failures).toEqual(['Resources[0].emails.value has_value (got undefined)', 'Resources.userName not_empty (got undefined)']);
    expect(step!.assertions).toEqual({ passed: 1, failed: 2 });
  });
});

describe('Runscope assertions', () => {
  it('evaluates response_time assertions and reports them apart, as timing', async () => {
    const [step] = await runRunscope(
      exportWith([
        { source: 'response_status', comparison: 'equal_number', value: '200' },
        // No answer comes back in under 0 ms, and every answer in under a day: both must be evaluated.
        { source: 'response_time', comparison: 'is_less_than', value: '0' },
        { source: 'response_time', comparison: 'is_less_than', value: '86400000' },
      ]),
      { baseUrl, token: 't' },
    );
    expect(step!.timing).toEqual({ passed: 1, failed: 1, failures: [expect.stringMatching(/^response time \(ms\) is_less_than 0 \(got \d+\)$/)] });
    expect(step!.assertions).toEqual({ passed: 1, failed: 0 });
    expect(step!.passed).toBe(true);
    expect(step!.failures).toEqual([]);
    expect(step!.timeMs).toEqual(expect.any(Number));
  });

  it('counts assertions per step and in total, and fails an unknown comparison instead of skipping it', async () => {
    const document = {
      steps: [
        exportWith([
          { source: 'response_status', comparison: 'equal_number', value: '200' },
          { source: 'response_json', property: 'totalResults', comparison: 'equal_number', value: '1' },
          { source: 'response_json', property: 'schemas', comparison: 'has_value', value: 'urn:ietf:params:scim:api:messages:2.0:ListResponse' },
        ]).steps[0],
        { step_type: 'pause', duration: 1 },
        exportWith([
          { source: 'response_status', comparison: 'equal_number', value: '201' },
          { source: 'response_json', property: 'totalResults', comparison: 'is_greater_than', value: '5' },
          { source: 'response_json', property: 'totalResults', comparison: 'matches_the_moon', value: '1' },
          { source: 'response_time', comparison: 'is_less_than', value: '86400000' },
        ]).steps[0],
      ],
    };
    const results = await runRunscope(document, { baseUrl, token: 't' });
    expect(results.map((r) => r.assertions)).toEqual([
      { passed: 3, failed: 0 },
      { passed: 0, failed: 3 },
    ]);
    expect(results[1]!.failures).toEqual([
      'status equal_number 201 (got 200)',
      'totalResults is_greater_than 5 (got 1)',
      'unknown comparison matches_the_moon',
    ]);
    expect(summarizeRunscope(results)).toEqual({ steps: { passed: 1, failed: 1 }, assertions: { passed: 3, failed: 3 }, timing: { passed: 1, failed: 0 } });
  });

  it('compares values as Runscope does: equal is not satisfied by an object or a missing value', async () => {
    const [step] = await runRunscope(
      exportWith([
        { source: 'response_json', property: 'missing', comparison: 'equal', value: 'undefined' },
        { source: 'response_json', property: 'Resources[0].emails', comparison: 'equal', value: '[object Object]' },
        { source: 'response_json', property: 'totalResults', comparison: 'is_a_number', value: null },
      ]),
      { baseUrl, token: 't' },
    );
    expect(step!.assertions).toEqual({ passed: 1, failed: 2 });
  });
});

// Okta's SPEC test, step 16 (the Groups step), as the export has it.
const groupsScript =
  'var data = JSON.parse(response.body);\nvar max = data.totalResults;\nvar res = data.Resources;\nvar exists = false;\nif (max >= 1 && Array.isArray(res)) {\n    exists = true;\n}\n    \nassert.ok(exists, "Resources is of type Array");\nlog(exists);\n';

function scriptStep(path: string, scripts: string[]) {
  return { step_type: 'request', method: 'GET', url: `{{SCIMBaseURL}}${path}`, headers: { Authorization: ['{{auth}}'] }, assertions: [], scripts };
}

describe('Runscope scripts', () => {
  it("runs the Okta export's Groups script: it passes with a result and fails without one", async () => {
    const results = await runRunscope({ steps: [scriptStep('/Users', [groupsScript]), scriptStep('/Groups', [groupsScript])] }, { baseUrl, token: 't' });
    expect(results[0]).toMatchObject({ passed: true, failures: [], assertions: { passed: 1, failed: 0 }, logs: ['true'] });
    expect(results[1]).toMatchObject({ passed: false, failures: ['script: Resources is of type Array'], assertions: { passed: 0, failed: 1 } });
  });

  it('fails a script that throws, uses an unknown assert, reaches for the process, or never ends', async () => {
    const results = await runRunscope(
      {
        steps: [
          scriptStep('/Users', ['JSON.parse("not json")']),
          scriptStep('/Users', ['assert.closeTo(1, 1, 0)']),
          scriptStep('/Users', ['process.exit(3)']),
          scriptStep('/Users', ['while (true) {}']),
        ],
      },
      { baseUrl, token: 't' },
    );
    expect(results.map((result) => result.passed)).toEqual([false, false, false, false]);
    expect(results[0]!.failures).toEqual([expect.stringMatching(/^script: .*JSON/)]);
    expect(results[1]!.failures).toEqual(['script: assert.closeTo is not supported by this runner']);
    expect(results[2]!.failures).toEqual(['script: process is not defined']);
    expect(results[3]!.failures).toEqual(['script: stopped after 1000 ms']);
  });

  it('shares variables a script sets with the steps after it', async () => {
    seen.length = 0;
    const results = await runRunscope(
      {
        steps: [
          scriptStep('/Users', ['var id = JSON.parse(response.body).Resources[0].id; variables.set("picked", id); assert.equal(response.status, 200);']),
          scriptStep('/Users/{{picked}}', []),
        ],
      },
      { baseUrl, token: 't' },
    );
    expect(results.map((result) => result.failures)).toEqual([[], []]);
    expect(seen).toEqual(['/scim/v2/Users', '/scim/v2/Users/u1']);
  });
});
