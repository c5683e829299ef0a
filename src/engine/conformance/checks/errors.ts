import { randomUUID } from 'node:crypto';
import { ERROR_SCHEMA, type CheckDefinition } from '../check-context';

/** Errors: the SCIM error format and status codes (RFC 7644 §3.12). */
export const errorsChecks: CheckDefinition[] = [
  {
    id: 'errors.not-found',
    scope: 'common',
    name: 'An unknown user is a 404 in the SCIM error format',
    source: 'RFC 7644 §3.12',
    consequence: 'IdPs read `detail` to show the admin what went wrong; without the error schema they show a generic failure.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', `/Users/${randomUUID()}`);
      if (!c.expectStatus(answer, 404)) return;
      c.expectScimJson(answer);
      const schemas = answer.body?.schemas;
      c.expect(Array.isArray(schemas) && schemas.includes(ERROR_SCHEMA), `schemas lacks ${ERROR_SCHEMA}.`);
      c.expect(answer.body?.status === '404' || answer.body?.status === 404, 'status is not "404" in the body.');
    },
  },
];
