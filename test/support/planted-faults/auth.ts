import { jsonOf, withJson, type PlantedFault } from '../fault-proxy';

const isTokenRequest = (url: string) => url.split('?')[0]!.endsWith('/oauth/token');

/**
 * Faults of authentication in the mode the IdP uses: credentials of the right kind but wrong are
 * served, and (in an OAuth workspace) a token endpoint that answers badly or a made-up access token
 * that is served. Each proxy remembers the credentials the checks first sent, which are right.
 */
export const authFaults: PlantedFault[] = [
  (() => {
    let firstAuthorization: string | undefined;
    return {
      description: 'a wrong bearer token is served as if it were the right one',
      family: 'auth',
      breaks: ['auth.wrong-credentials-refused'],
      request: (request) => {
        const authorization = request.headers.authorization;
        firstAuthorization ??= authorization;
        if (authorization && firstAuthorization && authorization !== firstAuthorization)
          return { ...request, headers: { ...request.headers, authorization: firstAuthorization } };
        return request;
      },
    } satisfies PlantedFault;
  })(),
  {
    description: 'the token endpoint answers without expires_in',
    family: 'auth',
    workspaceAuth: 'oauth',
    breaks: ['auth.oauth-token-issued'],
    response: (request, response) => {
      if (!isTokenRequest(request.url) || response.status !== 200) return response;
      const { expires_in: _dropped, ...rest } = jsonOf(response) ?? {};
      return withJson(response, rest);
    },
  },
  (() => {
    let firstClient: string | undefined;
    return {
      description: 'the token endpoint issues tokens for a wrong client secret',
      family: 'auth',
      workspaceAuth: 'oauth',
      breaks: ['auth.oauth-wrong-secret-refused'],
      request: (request) => {
        if (!isTokenRequest(request.url)) return request;
        firstClient ??= request.headers.authorization;
        return firstClient ? { ...request, headers: { ...request.headers, authorization: firstClient } } : request;
      },
    } satisfies PlantedFault;
  })(),
  (() => {
    const issued = new Set<string>();
    let last: string | undefined;
    return {
      description: 'a made-up access token is served',
      family: 'auth',
      workspaceAuth: 'oauth',
      breaks: ['auth.oauth-made-up-token-refused'],
      request: (request) => {
        const token = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        if (!isTokenRequest(request.url) && token && !issued.has(token) && last) {
          return { ...request, headers: { ...request.headers, authorization: `Bearer ${last}` } };
        }
        return request;
      },
      response: (request, response) => {
        const token = isTokenRequest(request.url) ? jsonOf(response)?.access_token : undefined;
        if (typeof token === 'string') {
          issued.add(token);
          last = token;
        }
        return response;
      },
    } satisfies PlantedFault;
  })(),
];
