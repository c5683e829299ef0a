import { describe, expect, it } from 'vitest';
import { compareResponses } from '../../../../src/engine/replay/compare';
import { IdMap } from '../../../../src/engine/replay/id-map';

const error = (status: number, scimType: string | undefined, detail: string) =>
  JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), ...(scimType && { scimType }), detail });
const user = JSON.stringify({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: '1',
  userName: 'jane',
  name: { givenName: 'Jane' },
  emails: [{ value: 'j@x' }],
  active: true,
});

describe('compareResponses with SCIM errors', () => {
  it('an error answer where a resource was recorded: the status and one line naming the error, not every attribute missing', () => {
    const differences = compareResponses({ status: 201, body: user }, { status: 409, body: error(409, 'uniqueness', 'userName jane is taken') }, new IdMap());
    expect(differences.map((difference) => difference.message)).toEqual([
      'status 409, recorded 201',
      'the answer is a SCIM error (uniqueness: userName jane is taken), not the recorded body',
    ]);
  });

  it('two errors: compared by scimType and detail', () => {
    const differences = compareResponses(
      { status: 400, body: error(400, 'invalidFilter', 'a') },
      { status: 400, body: error(400, 'invalidValue', 'b') },
      new IdMap(),
    );
    expect(differences).toEqual([
      { path: 'scimType', message: 'scimType "invalidValue", recorded "invalidFilter"', recorded: 'invalidFilter', replayed: 'invalidValue' },
      { path: 'detail', message: 'detail "b", recorded "a"', recorded: 'a', replayed: 'b' },
    ]);
    expect(compareResponses({ status: 404, body: error(404, undefined, 'x') }, { status: 404, body: error(404, undefined, 'x') }, new IdMap())).toEqual([]);
  });

  it('a recorded error answered by a resource now', () => {
    const differences = compareResponses({ status: 404, body: error(404, undefined, 'No User 1') }, { status: 200, body: user }, new IdMap());
    expect(differences.at(-1)!.message).toBe('the recording is a SCIM error (No User 1), the answer is not');
    expect(differences).toHaveLength(2);
  });
});
