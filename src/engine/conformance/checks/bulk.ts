import { randomUUID } from 'node:crypto';
import type { ScimAnswer } from '../../client/scim-client';
import { URN } from '../../scim/urns';
import type { CheckContext, CheckDefinition } from '../check-context';
import { q } from './check-helpers';
import { declaredFeatures, expectScimError, idsIn } from './protocol-helpers';

/**
 * POST /Bulk (RFC 7644 §3.7). When ServiceProviderConfig declares bulk supported: bulkId
 * references, failOnErrors and maxOperations. When it declares it unsupported, /Bulk must say
 * so (501 Not Implemented, or 404 where there is no such endpoint) and the other checks skip.
 */
const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
/** Beyond this many operations the check does not send maxOperations + 1 (a request of megabytes). */
const LARGEST_SENT = 10_000;

interface BulkResult {
  method?: string;
  bulkId?: string;
  location?: string;
  status?: unknown;
}

const resultsOf = (answer: ScimAnswer): BulkResult[] => (Array.isArray(answer.body?.Operations) ? (answer.body.Operations as BulkResult[]) : []);
const statusOf = (result: BulkResult | undefined) => (result === undefined ? undefined : Number(result.status));

/** What a bulk request created (from each result's location), tracked for the clean-up. */
function trackBulkCreated(c: CheckContext, answer: ScimAnswer) {
  for (const result of resultsOf(answer)) {
    const match = typeof result.location === 'string' ? /\/(Users|Groups)\/([^/?#]+)$/.exec(result.location) : null;
    if (match && !c.state.created.some((item) => item.id === match[2]))
      c.state.created.push({ type: match[1] as 'Users' | 'Groups', id: decodeURIComponent(match[2]!) });
  }
}

export const bulkChecks: CheckDefinition[] = [
  {
    id: 'bulk.bulkid-references',
    scope: 'common',
    name: 'A bulk request creates a user and a group whose member refers to it by bulkId (or /Bulk is refused as declared)',
    source: 'RFC 7644 §3.7, §3.7.2; RFC 7643 §5 (bulk.supported)',
    consequence: 'Clients that provision in bulk create groups without their members, or get errors for every batch.',
    run: async (c) => {
      const features = await declaredFeatures(c);
      if (!features) return;
      const userName = `bulk.${c.state.suffix}@example.com`;
      const answer = await c.send('common', 'POST', '/Bulk', {
        schemas: [BULK_REQUEST],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'user', data: { schemas: [URN.user], userName } },
          {
            method: 'POST',
            path: '/Groups',
            bulkId: 'group',
            data: { schemas: [URN.group], displayName: `Bulk group ${c.state.suffix}`, members: [{ value: 'bulkId:user' }] },
          },
        ],
      });
      trackBulkCreated(c, answer);
      if (!features.bulk) {
        c.notes.push(`ServiceProviderConfig declares bulk unsupported; /Bulk answered ${answer.status}.`);
        c.expect([501, 404].includes(answer.status), `/Bulk answered ${answer.status} although bulk is declared unsupported; expected 501 (or 404).`);
        return;
      }
      if (!c.expectStatus(answer, 200)) return;
      c.expect(Array.isArray(answer.body?.schemas) && (answer.body.schemas as unknown[]).includes(BULK_RESPONSE), `schemas lacks ${BULK_RESPONSE}.`);
      const [user, group] = [resultsOf(answer).find((r) => r.bulkId === 'user'), resultsOf(answer).find((r) => r.bulkId === 'group')];
      if (
        !c.expect(
          statusOf(user) === 201 && statusOf(group) === 201,
          `The operations answered ${JSON.stringify(user?.status)} (user) and ${JSON.stringify(group?.status)} (group), expected "201" each.`,
        )
      )
        return;
      const userId = /\/Users\/([^/?#]+)$/.exec(user!.location ?? '')?.[1];
      const groupPath = /\/Groups\/[^/?#]+$/.exec(group!.location ?? '')?.[0];
      if (!c.expect(userId !== undefined && groupPath !== undefined, 'The results carry no location for the user or the group.')) return;
      const read = await c.send('common', 'GET', groupPath!);
      if (!c.expectStatus(read, 200, 'reading the group back gave')) return;
      const members = Array.isArray(read.body?.members) ? (read.body.members as { value?: unknown }[]) : [];
      c.expect(
        members.some((member) => member.value === decodeURIComponent(userId!)),
        `The group's members are ${JSON.stringify(members.map((m) => m.value))}; expected the new user's id ${userId} in place of bulkId:user.`,
      );
    },
  },
  {
    id: 'bulk.fail-on-errors',
    scope: 'common',
    name: 'failOnErrors=1 stops a bulk request at its first error',
    source: 'RFC 7644 §3.7.3',
    consequence: 'A batch meant to stop at the first error goes on and leaves half-provisioned users behind.',
    run: async (c) => {
      const features = await declaredFeatures(c);
      if (!features) return;
      if (!features.bulk) return c.skip('ServiceProviderConfig declares bulk unsupported.');
      const userName = `bulk-after-error.${c.state.suffix}@example.com`;
      const answer = await c.send('common', 'POST', '/Bulk', {
        schemas: [BULK_REQUEST],
        failOnErrors: 1,
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'invalid', data: { schemas: [URN.user], displayName: 'No userName' } },
          { method: 'POST', path: '/Users', bulkId: 'after', data: { schemas: [URN.user], userName } },
        ],
      });
      trackBulkCreated(c, answer);
      // The RFC's example answers 200 with the results up to the error; "an error response is
      // returned" also reads as a 4xx for the whole request. Either way nothing after the error runs.
      if (answer.status === 200) {
        const results = resultsOf(answer);
        c.expect(statusOf(results.find((r) => r.bulkId === 'invalid')) === 400, 'The invalid operation is not reported with status "400".');
        c.expect(!results.some((r) => r.bulkId === 'after'), 'The operation after the error was run.');
      } else if (answer.status >= 400 && answer.status < 500) {
        c.expect(
          Array.isArray(answer.body?.schemas) && (answer.body.schemas as unknown[]).includes(URN.error),
          `The ${answer.status} answer is not in the SCIM error format.`,
        );
      } else {
        c.expectStatus(answer, [200, 400]);
      }
      const lookup = await c.send('common', 'GET', `/Users${q(`userName eq "${userName}"`)}`);
      for (const id of idsIn(lookup)) if (!c.state.created.some((item) => item.id === id)) c.state.created.push({ type: 'Users', id });
      c.expect(idsIn(lookup).length === 0, 'The user of the operation after the error was created.');
    },
  },
  {
    id: 'bulk.max-operations',
    scope: 'common',
    name: 'A bulk request over bulk.maxOperations is a 413',
    source: 'RFC 7644 §3.7.4',
    consequence: 'Oversized batches are half-run or time out instead of being refused at once.',
    run: async (c) => {
      const features = await declaredFeatures(c);
      if (!features) return;
      if (!features.bulk) return c.skip('ServiceProviderConfig declares bulk unsupported.');
      const max = features.maxOperations;
      if (max === undefined) return c.skip('ServiceProviderConfig declares no bulk.maxOperations.');
      if (max >= LARGEST_SENT) return c.skip(`bulk.maxOperations is ${max}; the check does not send ${max + 1} operations.`);
      // Deletes of a user that does not exist: harmless should the server run them after all.
      const operation = { method: 'DELETE', path: `/Users/${randomUUID()}` };
      const answer = await c.send('common', 'POST', '/Bulk', { schemas: [BULK_REQUEST], Operations: Array.from({ length: max + 1 }, () => operation) });
      // Evidence without a thousand operations in the report.
      c.evidence = {
        request: { method: 'POST', path: '/Bulk', body: { schemas: [BULK_REQUEST], Operations: `${max + 1} × ${JSON.stringify(operation)}` } },
        answer,
      };
      expectScimError(c, answer, 413);
    },
  },
];
