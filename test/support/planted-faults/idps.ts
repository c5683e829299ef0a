import { jsonOf, resourcePath, withJson, type ForwardedResponse, type PlantedFault } from '../fault-proxy';

const badRequest = (detail: string, scimType = 'invalidSyntax'): ForwardedResponse => ({
  status: 400,
  headers: { 'content-type': 'application/scim+json' },
  body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType, detail }),
});

type Operation = { op?: string; path?: string; value?: unknown };
const operationsOf = (body: unknown): Operation[] => (body as { Operations?: Operation[] } | undefined)?.Operations ?? [];
const isPatch = (request: { method: string }) => request.method === 'PATCH';

/** Faults in what one IdP sends its own way. */
export const idpFaults: PlantedFault[] = [
  {
    description: "a group PATCH replace without a path (Okta's rename) is refused",
    family: 'okta',
    breaks: ['okta.group-rename-id-echo'],
    request: (request) =>
      isPatch(request) &&
      resourcePath(request).startsWith('/Groups/') &&
      operationsOf(jsonOf(request)).some((op) => op.op === 'replace' && op.path === undefined)
        ? badRequest('A replace needs a path.')
        : request,
  },
  {
    description: "a PATCH that sets password (Okta's password sync) is refused",
    family: 'okta',
    breaks: ['okta.password-change'],
    request: (request) =>
      isPatch(request) &&
      operationsOf(jsonOf(request)).some((op) => op.path === 'password' || (typeof op.value === 'object' && op.value !== null && 'password' in op.value))
        ? badRequest('password cannot be changed.', 'mutability')
        : request,
  },
  {
    description: 'a capitalised PATCH op "Replace" (Entra ID) is refused',
    family: 'entra',
    breaks: ['entra.capitalised-ops', 'entra.active-string', 'entra.replace-value-paths', 'entra.enterprise-urn-paths', 'entra.unqualified-extension-paths'],
    request: (request) => (isPatch(request) && operationsOf(jsonOf(request)).some((op) => op.op === 'Replace') ? badRequest('Unknown op "Replace".') : request),
  },
  {
    description: 'an enterprise attribute path without its URN ("manager", Entra ID default) is refused',
    family: 'entra',
    breaks: ['entra.unqualified-extension-paths'],
    request: (request) =>
      isPatch(request) && operationsOf(jsonOf(request)).some((op) => op.path === 'manager' || op.path === 'department')
        ? badRequest('No attribute "manager" in the core schema.', 'invalidPath')
        : request,
  },
  {
    description: 'a path-less "add" (Entra ID with aadOptscim062020) is refused',
    family: 'entra',
    breaks: ['entra.flag-add-pathless'],
    request: (request) =>
      isPatch(request) && operationsOf(jsonOf(request)).some((op) => op.op === 'add' && op.path === undefined)
        ? badRequest('An add needs a path.', 'noTarget')
        : request,
  },
  {
    description: 'DELETE /Users/{id} answers 200 instead of 204',
    family: 'onelogin',
    breaks: ['onelogin.delete-user'],
    response: (request, response) => (request.method === 'DELETE' && response.status === 204 ? { status: 200, headers: response.headers, body: '' } : response),
  },
  {
    description: 'a PATCH applies only its first operation (and answers as if it applied them all)',
    family: 'onelogin',
    breaks: ['onelogin.group-membership', 'entra.replace-value-paths', 'entra.enterprise-urn-paths', 'entra.unqualified-extension-paths'],
    request: (request) => {
      const body = isPatch(request) ? jsonOf(request) : undefined;
      return body && operationsOf(body).length > 1 ? withJson(request, { ...body, Operations: operationsOf(body).slice(0, 1) }) : request;
    },
  },
];
