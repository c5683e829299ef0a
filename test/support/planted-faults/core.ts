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
    breaks: ['errors.not-found', 'errors.put-unknown-id', 'errors.patch-unknown-id', 'errors.delete-unknown-id'],
    response: (_request, response) => (response.status === 404 ? withJson(response, { detail: 'Not found' }) : response),
  },
  {
    description: 'POST /Users answers 200 instead of 201',
    family: 'users',
    // Checks that create a user of their own take any 2xx (createFixture): only the create checks see it.
    breaks: ['users.create', 'onelogin.delete-user'],
    response: (request, response) =>
      request.method === 'POST' && resourcePath(request) === '/Users' && response.status === 201 ? { ...response, status: 200 } : response,
  },
  {
    description: 'POST /Groups answers 200 instead of 201',
    family: 'groups',
    breaks: ['groups.create'],
    response: (request, response) =>
      request.method === 'POST' && resourcePath(request) === '/Groups' && response.status === 201 ? { ...response, status: 200 } : response,
  },
];
