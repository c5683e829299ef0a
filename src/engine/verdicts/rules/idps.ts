import { isPlainObject } from '../../../shared/json-values';
import { URN } from '../../scim/urns';
import type { ExchangeFacts } from '../exchange-facts';
import { valueOf } from '../exchange-facts';
import { shown, type VerdictRule } from '../rule';

const OKTA_GUIDE = 'Okta: SCIM 2.0 provisioning guide';
const ENTRA_GUIDE = 'Microsoft: Develop a SCIM endpoint (Entra ID)';
const ENTRA_QUARANTINE = 'Microsoft: Application provisioning in quarantine status';

const succeeded = (facts: ExchangeFacts) => facts.status >= 200 && facts.status < 300;

/** Why a lookup by filter did not get a ListResponse it can read, or undefined when it did. */
function lookupProblem(facts: ExchangeFacts): string | undefined {
  if (facts.kind !== 'list' || facts.filter === undefined) return undefined;
  if (facts.status !== 200) return `The lookup ${JSON.stringify(facts.filter)} was answered ${facts.status}.`;
  const body = facts.body;
  if (!isPlainObject(body) || !Array.isArray(body.schemas) || !body.schemas.includes(URN.listResponse))
    return `The lookup ${JSON.stringify(facts.filter)} was not answered with a ListResponse.`;
  if (!Number.isInteger(body.totalResults)) return `The lookup's totalResults is ${shown(body.totalResults)}.`;
  if ((body.totalResults as number) > 0 && !Array.isArray(body.Resources)) return "The lookup's matches are not in a Resources array.";
  return undefined;
}

/** What an IdP expects of the answers to its own requests, from its provisioning documentation. */
export const idpRules: VerdictRule[] = [
  {
    id: 'okta.create-id',
    idp: 'okta',
    severity: 'error',
    rule: 'Okta keeps the id from the answer to its create: every later update and deactivation goes to /Users/{id}.',
    source: `${OKTA_GUIDE} (Create the user)`,
    fix: 'Answer the create with the stored user, "id" included.',
    judge: (facts) => {
      if (facts.kind !== 'create' || !succeeded(facts)) return undefined;
      const id = isPlainObject(facts.body) ? facts.body.id : undefined;
      return typeof id === 'string' && id !== '' ? undefined : 'Okta would mark the assignment failed: the answer has no id.';
    },
  },
  {
    id: 'okta.create-username',
    idp: 'okta',
    severity: 'error',
    rule: 'Okta matches the created user by userName: the answer echoes the userName it sent.',
    source: `${OKTA_GUIDE} (Create the user)`,
    fix: 'Store and return userName exactly as Okta sent it.',
    judge: (facts) => {
      if (facts.kind !== 'create' || facts.endpoint !== 'Users' || !succeeded(facts) || !isPlainObject(facts.body) || !isPlainObject(facts.requestBody))
        return undefined;
      const sent = valueOf(facts.requestBody, 'userName');
      const answered = valueOf(facts.body, 'userName');
      if (typeof sent !== 'string' || answered === sent) return undefined;
      return `Okta sent userName "${sent}"; the answer has ${shown(answered)}.`;
    },
  },
  {
    id: 'okta.lookup-list',
    idp: 'okta',
    severity: 'error',
    rule: 'Okta looks a user up (filter=userName eq "…") before creating it and reads the answer as a ListResponse: totalResults 0 means "create".',
    source: `${OKTA_GUIDE} (Determine if the user already exists)`,
    fix: 'Answer filtered GETs with 200 and a ListResponse, totalResults 0 and no error when nothing matches.',
    judge: lookupProblem,
  },
  {
    id: 'okta.import-paging',
    idp: 'okta',
    severity: 'error',
    rule: "Okta's import pages through /Users with startIndex and count until it has totalResults users: the page counts must be honest.",
    source: `${OKTA_GUIDE} (Retrieve users: pagination)`,
    fix: 'Send totalResults (all users), startIndex (as asked) and itemsPerPage (= Resources.length) as integers on every page.',
    judge: (facts) => {
      if (facts.kind !== 'list' || facts.filter !== undefined || facts.status !== 200 || !isPlainObject(facts.body)) return undefined;
      const body = facts.body;
      const resources = Array.isArray(body.Resources) ? body.Resources.length : 0;
      if (!Number.isInteger(body.totalResults)) return `totalResults is ${shown(body.totalResults)}: Okta cannot tell when the import is done.`;
      // Paging values that are no integers at all are rfc.list-paging-integers' finding.
      if (Number.isInteger(body.itemsPerPage) && body.itemsPerPage !== resources)
        return `itemsPerPage is ${shown(body.itemsPerPage)} for ${resources} resources: Okta's next startIndex skips or repeats users.`;
      const askedStart = Number(facts.query.get('startIndex') ?? '1');
      if (Number.isInteger(body.startIndex) && Number.isInteger(askedStart) && body.startIndex !== Math.max(1, askedStart))
        return `startIndex is ${shown(body.startIndex)} for startIndex=${askedStart}: Okta reads the wrong page.`;
      return undefined;
    },
  },
  {
    id: 'entra.lookup-list',
    idp: 'entra',
    severity: 'error',
    rule: 'Entra ID matches users by filter (userName or externalId eq "…") and expects a ListResponse, empty when nothing matches.',
    source: `${ENTRA_GUIDE} (matching users and groups)`,
    fix: 'Answer filtered GETs with 200 and a ListResponse; totalResults 0 and Resources [] when nothing matches (never 404).',
    judge: lookupProblem,
  },
  {
    id: 'entra.quarantine-404',
    idp: 'entra',
    severity: 'warning',
    rule: 'Entra ID reads a 404 on GET or PATCH of a user it provisioned as a failure: it retries, and a run where most calls fail puts the job in quarantine.',
    source: ENTRA_QUARANTINE,
    fix: 'Keep the users Entra ID provisioned (deactivate rather than delete), and answer 404 only for ids that never existed.',
    judge: (facts) =>
      (facts.kind === 'read' || facts.kind === 'patch') && facts.status === 404
        ? `Entra ID's ${facts.method} of ${facts.endpoint}/${facts.resourceId} got 404.`
        : undefined,
  },
  {
    id: 'entra.server-error',
    idp: 'entra',
    severity: 'warning',
    rule: 'Entra ID retries requests answered 5xx; a run where most calls fail puts the provisioning job in quarantine.',
    source: ENTRA_QUARANTINE,
    fix: 'Answer what the server cannot do with a 4xx SCIM error that says why; keep 5xx for outages.',
    judge: (facts) => (facts.status >= 500 ? `Entra ID's ${facts.method} got ${facts.status}.` : undefined),
  },
];
