import { jsonOf, resourcePath, withJson, type PlantedFault } from '../fault-proxy';

/** Faults in what every IdP touches: discovery, auth, errors, users and groups. */
export const coreFaults: PlantedFault[] = [
  {
    description: 'ServiceProviderConfig says PATCH is not supported',
    family: 'discovery',
    breaks: ['discovery.service-provider-config'],
    response: (request, response) =>
      resourcePath(request) === '/ServiceProviderConfig' ? withJson(response, { ...jsonOf(response), patch: { supported: false } }) : response,
  },
  (() => {
    // Serves a request without credentials as if it carried the last ones seen: an open server.
    let lastAuthorization: string | undefined;
    return {
      description: 'a request without credentials is served',
      family: 'auth',
      breaks: ['auth.token-required'],
      request: (request) => {
        if (request.headers.authorization) lastAuthorization = request.headers.authorization;
        else if (lastAuthorization) return { ...request, headers: { ...request.headers, authorization: lastAuthorization } };
        return request;
      },
    } satisfies PlantedFault;
  })(),
  {
    description: 'a 404 comes without the SCIM error schema',
    family: 'errors',
    breaks: ['errors.not-found'],
    response: (_request, response) => (response.status === 404 ? withJson(response, { detail: 'Not found' }) : response),
  },
  {
    description: 'POST /Users answers 200 instead of 201',
    family: 'users',
    breaks: [
      'users.create',
      'onelogin.delete-user',
      // Every check that creates a user of its own stops there, naming the 200.
      ...['put.clears-omitted', 'put.readonly-ignored', 'put.username-change', 'large-groups.add-in-batches', 'okta.replace-several', 'okta.password-change'],
      ...['entra.add-with-path', 'entra.replace-value-paths', 'entra.enterprise-urn-paths', 'entra.unqualified-extension-paths'],
      ...['entra.flag-add-pathless', 'entra.flag-replace-path-keys', 'entra.flag-active-boolean', 'entra.flag-remove-member-filter', 'onelogin.put-update', 'onelogin.group-membership'],
    ],
    response: (request, response) => (request.method === 'POST' && resourcePath(request) === '/Users' && response.status === 201 ? { ...response, status: 200 } : response),
  },
  {
    description: 'POST /Groups answers 200 instead of 201',
    family: 'groups',
    // The checks that create a group of their own stop there too.
    breaks: ['groups.create', 'large-groups.add-in-batches', 'entra.flag-remove-member-filter', 'onelogin.group-membership'],
    response: (request, response) => (request.method === 'POST' && resourcePath(request) === '/Groups' && response.status === 201 ? { ...response, status: 200 } : response),
  },
];
