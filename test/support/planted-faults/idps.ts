import { jsonOf, resourcePath, type ForwardedResponse, type PlantedFault } from '../fault-proxy';

const badRequest = (detail: string): ForwardedResponse => ({
  status: 400,
  headers: { 'content-type': 'application/scim+json' },
  body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidSyntax', detail }),
});

const operationsOf = (body: unknown): { op?: string; path?: string }[] => (body as { Operations?: { op?: string; path?: string }[] } | undefined)?.Operations ?? [];

/** Faults in what one IdP sends its own way. */
export const idpFaults: PlantedFault[] = [
  {
    description: "a group PATCH replace without a path (Okta's rename) is refused",
    family: 'okta',
    breaks: ['okta.group-rename-id-echo'],
    request: (request) =>
      request.method === 'PATCH' && resourcePath(request).startsWith('/Groups/') && operationsOf(jsonOf(request)).some((op) => op.op === 'replace' && op.path === undefined)
        ? badRequest('A replace needs a path.')
        : request,
  },
  {
    description: 'a capitalised PATCH op "Replace" (Entra ID) is refused',
    family: 'entra',
    breaks: ['entra.capitalised-ops', 'entra.active-string'],
    request: (request) => (request.method === 'PATCH' && operationsOf(jsonOf(request)).some((op) => op.op === 'Replace') ? badRequest('Unknown op "Replace".') : request),
  },
  {
    description: 'DELETE /Users/{id} answers 200 instead of 204',
    family: 'onelogin',
    breaks: ['onelogin.delete-user'],
    response: (request, response) => (request.method === 'DELETE' && response.status === 204 ? { status: 200, headers: response.headers, body: '' } : response),
  },
];
