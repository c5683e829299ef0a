import type { ClientKind } from '../../../shared/recording';
import { parseJsonObject } from '../../../shared/json-values';

/** What an error answer means and what the IdP does next, for the Summary tab. */
const BY_SCIM_TYPE: Record<string, string> = {
  uniqueness:
    'A resource with this unique value (userName, or externalId when re-provisioning is set to conflict) already exists. Okta then looks the user up by userName and links to it; Entra marks the user as failed and retries on the next cycle.',
  invalidFilter:
    'The filter could not be read. IdPs send it on every lookup, so provisioning stops until the filter form is accepted (see the workspace compatibility mode).',
  invalidValue: 'A value has the wrong type or shape for its attribute. Okta shows the error on the user and does not retry; Entra retries on the next cycle.',
  invalidSyntax: 'The request body is not the shape SCIM asks for. A lenient compatibility mode accepts the IdP’s own shapes.',
  invalidPath: 'A PATCH path names no attribute of the schema.',
  noTarget: 'A PATCH path with a filter matched no value to change.',
  mutability: 'The request tried to change an attribute the server owns (id, meta) or one that is immutable.',
  tooMany: 'The request would return or touch too many resources.',
};

const BY_STATUS: Record<number, string> = {
  401: 'The bearer token was missing or is not this workspace’s (it may have been regenerated). Update it in the IdP: Okta “API Token”, Entra “Secret Token”, OneLogin “SCIM Bearer Token”.',
  404: 'No resource with this id exists in the workspace. Okta and Entra then create the user again.',
  412: 'The If-Match version is not the current one: another change came first.',
  413: 'The request is larger than maxPayloadSize.',
  415: 'The Content-Type is not application/scim+json or application/json.',
};

export function explainError(status: number, body: string | null, client: ClientKind): string | undefined {
  if (status < 400) return undefined;
  const scimTypeValue = parseJsonObject(body ?? '')?.scimType;
  const scimType = typeof scimTypeValue === 'string' ? scimTypeValue : undefined;
  const text = (scimType && BY_SCIM_TYPE[scimType]) ?? BY_STATUS[status];
  const who = client === 'other' ? '' : ` (seen from ${client})`;
  return text ? `${status}${scimType ? ` ${scimType}` : ''}${who}: ${text}` : `${status}: the request failed; see the response for the detail.`;
}
