import { describe, expect, it } from 'vitest';
import { searchDocument } from '../../../../src/engine/search/search-text';

describe('searchDocument and the recorded Date header', () => {
  it('leaves the response Date out, so a month or year does not match every exchange, and keeps the other headers', () => {
    const { text } = searchDocument(
      {
        sessionId: 1,
        workspace: 'default',
        client: 'okta',
        operation: 'Okta looked up users',
        notes: [],
        changes: [],
        request: { method: 'GET', url: '/scim/v2/Users', headers: [], body: null },
        response: {
          status: 200,
          headers: [
            ['date', 'Thu, 03 Dec 2026 20:55:01 GMT'],
            ['x-workbench-notes', 'normalised:capitalisedOp'],
          ],
          body: null,
        },
      },
      false,
    );
    expect(text).not.toMatch(/Dec|2026|GMT/);
    expect(text).toContain('x-workbench-notes normalised:capitalisedOp');
  });
});
