import { SCENARIO_STEPS, type ScenarioStep } from './verdict-upstream';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** The User-Agents the scenario is sent with: the client is known from them only. */
export const IDP_USER_AGENTS = { okta: 'Okta SCIM Client 1.0.0', entra: 'Microsoft.Identity.Provisioning 1.0' } as const;

/** One request of the scenario as the IdP sent it, and the answer as the IdP received it. */
export interface ScenarioExchange {
  step: ScenarioStep;
  started: Date;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  /** The JSON text sent, or undefined for a request without a body. */
  requestBody?: string;
  status: number;
  headers: Headers;
  text: string;
}

/**
 * The IdP's scenario against one SCIM base URL: create, a duplicate create (409), lookup by
 * userName, read, deactivate, PUT, a page of two, delete (SCENARIO_STEPS, in that order). Each
 * request carries `headers` (the User-Agent and the credentials). Used on the planted faults of
 * verdict-upstream.ts, directly (verdicts/broken-upstream.test.ts) and through a proxy workspace
 * (proxy/proxy-verdicts.test.ts).
 */
export async function runVerdictScenario(baseUrl: string, headers: Record<string, string>, userName: string): Promise<ScenarioExchange[]> {
  const sent: ScenarioExchange[] = [];
  const send = async (step: ScenarioStep, method: string, path: string, body?: unknown) => {
    const url = `${baseUrl}${path}`;
    const requestHeaders: Record<string, string> = { ...headers };
    if (body !== undefined) requestHeaders['content-type'] = 'application/scim+json';
    const requestBody = body === undefined ? undefined : JSON.stringify(body);
    const started = new Date();
    const response = await fetch(url, { method, headers: requestHeaders, body: requestBody });
    const text = await response.text();
    sent.push({ step, started, method, url, requestHeaders, requestBody, status: response.status, headers: response.headers, text });
    return { json: text.startsWith('{') ? (JSON.parse(text) as any) : undefined };
  };
  const user = { schemas: [USER], userName, name: { givenName: 'Jane', familyName: 'Doe' }, active: true };
  const created = await send('create', 'POST', '/Users', user);
  await send('duplicate', 'POST', '/Users', { ...user, externalId: 'duplicate' });
  const lookup = await send('lookup', 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
  // The id from the create, else from the lookup (a fault may leave it out of one of them): the scenario goes on either way.
  const id = created.json?.id ?? lookup.json?.Resources?.[0]?.id ?? 'unknown';
  await send('read', 'GET', `/Users/${id}`);
  await send('patch', 'PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
  await send('replace', 'PUT', `/Users/${id}`, { ...user, id, active: false, title: 'Engineer' });
  await send('page', 'GET', '/Users?startIndex=1&count=2');
  await send('delete', 'DELETE', `/Users/${id}`);
  if (sent.map((entry) => entry.step).join() !== SCENARIO_STEPS.join()) throw new Error('The scenario no longer sends SCENARIO_STEPS in order.');
  return sent;
}
