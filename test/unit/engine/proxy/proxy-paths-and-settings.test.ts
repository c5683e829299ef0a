import { describe, expect, it } from 'vitest';
import { pathUnderBase } from '../../../../src/engine/proxy/forward';
import { resourceTargetOf } from '../../../../src/engine/proxy/shadow-copies';
import { parseProxySettings } from '../../../../src/engine/proxy/proxy-settings';

describe('the path a proxy forwards', () => {
  it.each([
    ['/scim/v2/Users?filter=userName%20eq%20%22a%22', '/Users?filter=userName%20eq%20%22a%22'],
    ['/w/okta/scim/v2/Groups/abc', '/Groups/abc'],
    ['/W/Okta/SCIM/v2//Users', '//Users'],
    ['/scim/v2', ''],
    ['/scim/v2?x=1', '?x=1'],
    ['/w/a/scim/v2/ServiceProviderConfig', '/ServiceProviderConfig'],
  ])('%s → %s', (url, rest) => expect(pathUnderBase(url)).toBe(rest));
});

describe('the resource a request addresses', () => {
  it.each([
    ['/Users', { resourceType: 'User' }],
    ['/users/', { resourceType: 'User' }],
    ['/Groups/g%201?attributes=members', { resourceType: 'Group', id: 'g 1' }],
    ['/Users/.search', undefined],
    ['/Users/a/b', undefined],
    ['/Schemas', undefined],
    ['/Users/%E0%A4%A', undefined],
  ])('%s', (rest, target) => expect(resourceTargetOf(rest)).toEqual(target));
});

describe('proxy settings', () => {
  it('fills the defaults and drops a trailing slash', () => {
    expect(parseProxySettings({ upstream: 'http://localhost:3000/scim/v2/' }, undefined)).toEqual({
      upstream: 'http://localhost:3000/scim/v2',
      auth: { mode: 'pass-through' },
      insecureTls: false,
      connectTimeoutMs: 5000,
      timeoutMs: 30000,
      observeAfterWrite: false,
    });
  });

  it('keeps what a change does not name, and null makes the workspace local', () => {
    const base = parseProxySettings({ upstream: 'https://staging.example.test/scim', insecureTls: true, timeoutMs: 900 }, undefined);
    expect(parseProxySettings({ observeAfterWrite: true }, base)).toMatchObject({
      upstream: 'https://staging.example.test/scim',
      insecureTls: true,
      timeoutMs: 900,
      observeAfterWrite: true,
    });
    expect(parseProxySettings(null, base)).toBeUndefined();
  });

  it.each([
    [{}, 'Setting "proxy.upstream" is missing'],
    [{ upstream: 'localhost:3000' }, 'proxy.upstream'],
    [{ upstream: 'http://a:b@x.test/scim' }, 'proxy.upstream'],
    [{ upstream: 'http://x.test/scim?tenant=1' }, 'proxy.upstream'],
    [{ upstream: 'http://x.test/scim', auth: { mode: 'header' } }, 'Setting "proxy.auth.headerName" is missing'],
    [{ upstream: 'http://x.test/scim', auth: { mode: 'oauth', clientId: 'c' } }, 'Setting "proxy.auth.tokenUrl" is missing'],
    [{ upstream: 'http://x.test/scim', timeoutMs: 600_001 }, 'proxy.timeoutMs'],
    [{ upstream: 'http://x.test/scim', secret: 'x' }, 'Unknown proxy setting "proxy.secret"'],
  ])('refuses %j', (input, message) => expect(() => parseProxySettings(input, undefined)).toThrow(message));
});
