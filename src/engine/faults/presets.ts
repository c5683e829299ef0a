import type { FaultPreset } from '../../shared/faults';

/** Rules named for the failure they reproduce, each with what to watch for. */
export const FAULT_PRESETS: readonly FaultPreset[] = [
  {
    id: 'rate-limited',
    name: 'Rate limited (429 + Retry-After)',
    description: 'Every third request is answered 429 with Retry-After: 5. Watch whether the IdP waits as told, backs off, or retries at once.',
    rule: { name: 'Rate limited (429 + Retry-After)', match: { everyNth: 3 }, action: { kind: 'status', status: 429, retryAfterSeconds: 5 } },
  },
  {
    id: 'okta-lying-items-per-page',
    name: 'Okta import blocked by a lying itemsPerPage',
    description: "User list pages claim itemsPerPage 100 whatever they hold: Okta's import trusts it and stops paging, or reads past the end.",
    rule: {
      name: 'Okta import blocked by a lying itemsPerPage',
      match: { methods: ['GET'], resourceTypes: ['Users'], path: '/Users' },
      action: { kind: 'lie', lie: 'itemsPerPage', value: 100 },
    },
  },
  {
    id: 'entra-quarantine-404',
    name: 'Entra quarantine: 404 on GET user',
    description: 'Entra ID reads a user back by id and gets 404: repeated, this is what sends a provisioning job into quarantine.',
    rule: {
      name: 'Entra quarantine: 404 on GET user',
      match: { methods: ['GET'], resourceTypes: ['Users'], path: '/Users/*', clients: ['entra'] },
      action: { kind: 'status', status: 404, detail: 'Resource not found.' },
    },
  },
  {
    id: 'slow-server',
    name: 'Slow server: 5 s latency',
    description: 'Every request waits 5 s before the engine answers: see which IdP operations slow down, and whether any time out.',
    rule: { name: 'Slow server: 5 s latency', action: { kind: 'latency', ms: 5000 } },
  },
  {
    id: 'conflict-cascade',
    name: 'Conflict cascade: 409 uniqueness on create',
    description: 'Every POST /Users is refused with 409 uniqueness: watch whether the IdP looks the user up and links it, or retries the create.',
    rule: {
      name: 'Conflict cascade: 409 uniqueness on create',
      match: { methods: ['POST'], resourceTypes: ['Users'] },
      action: { kind: 'status', status: 409, scimType: 'uniqueness', detail: 'A user with this userName already exists.' },
    },
  },
  {
    id: 'server-error',
    name: 'Flaky server: 500 on one request in five',
    description: 'A seeded fifth of requests fail with 500: see which operations the IdP retries and which it gives up on.',
    rule: { name: 'Flaky server: 500 on one request in five', match: { probability: 0.2, seed: 22 }, action: { kind: 'status', status: 500 } },
  },
  {
    id: 'unavailable',
    name: 'Maintenance: 503 + Retry-After',
    description: 'Every request is answered 503 with Retry-After: 30, as a server in maintenance does.',
    rule: { name: 'Maintenance: 503 + Retry-After', action: { kind: 'status', status: 503, retryAfterSeconds: 30 } },
  },
  {
    id: 'timeout',
    name: 'Timeout: no answer to PATCH',
    description: "PATCH requests are held past the IdP's timeout, then the connection is dropped: the IdP sees a timeout and decides whether to retry.",
    rule: { name: 'Timeout: no answer to PATCH', match: { methods: ['PATCH'] }, action: { kind: 'timeout' } },
  },
  {
    id: 'dropped-connection',
    name: 'Dropped connection on group push',
    description: 'Group writes lose their connection before any answer: the IdP cannot tell whether the change was made.',
    rule: { name: 'Dropped connection on group push', match: { methods: ['POST', 'PATCH', 'PUT'], resourceTypes: ['Groups'] }, action: { kind: 'drop' } },
  },
  {
    id: 'missing-id',
    name: 'Created user without an id',
    description: 'POST /Users answers 201 without the id: the IdP cannot link the user it created and may create it again.',
    rule: { name: 'Created user without an id', match: { methods: ['POST'], resourceTypes: ['Users'] }, action: { kind: 'lie', lie: 'missingId' } },
  },
  {
    id: 'empty-created-body',
    name: 'Empty 201 on create',
    description: 'Creates answer 201 with no body at all, as some servers do: the IdP has no id to remember.',
    rule: { name: 'Empty 201 on create', match: { methods: ['POST'] }, action: { kind: 'lie', lie: 'emptyCreatedBody' } },
  },
  {
    id: 'wrong-content-type',
    name: 'HTML instead of SCIM JSON',
    description: 'Answers are labelled text/html, as a proxy or login page in front of the app would send.',
    rule: { name: 'HTML instead of SCIM JSON', action: { kind: 'lie', lie: 'contentType', value: 'text/html' } },
  },
  {
    id: 'duplicate-pages',
    name: 'Pages that repeat users',
    description: 'Each list page after the first starts half a page early, so an import sees the same users twice.',
    rule: { name: 'Pages that repeat users', match: { methods: ['GET'], resourceTypes: ['Users', 'Groups'] }, action: { kind: 'lie', lie: 'duplicatePages' } },
  },
  {
    id: 'wrong-total',
    name: 'totalResults that pages never reach',
    description: 'Lists claim 10 more results than there are: an importer keeps asking for pages that come back empty.',
    rule: { name: 'totalResults that pages never reach', match: { methods: ['GET'] }, action: { kind: 'lie', lie: 'totalResults' } },
  },
  {
    id: 'breakpoint-create',
    name: 'Breakpoint: hold user creates',
    description: 'Every POST /Users waits in the inspector for you to release it, edit it or fail it (released as-is after 25 s).',
    rule: { name: 'Breakpoint: hold user creates', match: { methods: ['POST'], resourceTypes: ['Users'] }, action: { kind: 'breakpoint', stage: 'request' } },
  },
];
