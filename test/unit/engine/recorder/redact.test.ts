import { describe, expect, it } from 'vitest';
import { redactBody, redactChange, redactHeaders, redactText, redactUrl } from '../../../../src/engine/recorder/redact';
import { redactExchange } from '../../../../src/engine/recorder/redact-exchange';
import { BUILT_IN_SECRETS, SECRET_NAME_PARTS, SECRET_NAMES, secretNamesFor } from '../../../../src/engine/recorder/secret-names';
import { redactFilter } from '../../../../src/engine/recorder/redact-filter';
import type { ExtensionDeclaration } from '../../../../src/engine/scim/schemas/custom-extensions';
import { REDACTED } from '../../../../src/shared/recording';
import { documentText, rememberDocumentText } from '../../../../src/engine/store/document-text';

const HR = 'urn:acme:params:scim:schemas:extension:hr:2.0:User';
const declarations: ExtensionDeclaration[] = [
  {
    id: HR,
    name: 'HrUser',
    resourceType: 'User',
    attributes: [
      { name: 'badgePin', type: 'string', returned: 'never' },
      { name: 'site', type: 'string' },
      {
        name: 'vault',
        type: 'complex',
        subAttributes: [
          { name: 'combination', type: 'string', returned: 'never' },
          { name: 'label', type: 'string' },
        ],
      },
    ],
  },
];
const hr = secretNamesFor(declarations);
const Q = encodeURIComponent(REDACTED);
const body = (value: unknown, secrets = undefined as typeof hr | undefined) => JSON.parse(redactBody(JSON.stringify(value), secrets)!);

describe('redactBody on JSON', () => {
  it('redacts the value of a PATCH operation whose path names a secret, in any spelling of the path', () => {
    const operations = [
      { op: 'replace', path: 'password', value: 'p1' },
      { op: 'Replace', Path: 'PASSWORD', Value: 'p2' },
      { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:password', value: 'p3' },
      { op: 'replace', path: `${HR}:badgePin`, value: 'p4' },
      { op: 'add', path: `${HR}:vault.combination`, value: 'p5' },
      { op: 'replace', path: 'displayName', value: 'kept' },
      { op: 'remove', path: 'password' },
    ];
    expect(body({ Operations: operations }, hr).Operations).toEqual([
      { op: 'replace', path: 'password', value: REDACTED },
      { op: 'Replace', Path: 'PASSWORD', Value: REDACTED },
      { op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:password', value: REDACTED },
      { op: 'replace', path: `${HR}:badgePin`, value: REDACTED },
      { op: 'add', path: `${HR}:vault.combination`, value: REDACTED },
      { op: 'replace', path: 'displayName', value: 'kept' },
      { op: 'remove', path: 'password' },
    ]);
  });

  it('redacts secret-named keys at any depth, whatever their value, and the schema-declared ones of the workspace', () => {
    const sent = {
      userName: 'jane',
      userPassword: 'a',
      oldPassword: 'b',
      pwd: 'c',
      pin: 1234,
      client_secret: 'd',
      nested: { apiKey: ['e'] },
      [HR]: { badgePin: 'f', site: 'Berlin', vault: { combination: 'g', label: 'office' } },
      Operations: [{ op: 'replace', value: { password: 'h', [`${HR}:badgePin`]: 'i', title: 'kept' } }],
    };
    expect(body(sent, hr)).toEqual({
      userName: 'jane',
      userPassword: REDACTED,
      oldPassword: REDACTED,
      pwd: REDACTED,
      pin: REDACTED,
      client_secret: REDACTED,
      nested: { apiKey: REDACTED },
      [HR]: { badgePin: REDACTED, site: 'Berlin', vault: { combination: REDACTED, label: 'office' } },
      Operations: [{ op: 'replace', value: { password: REDACTED, [`${HR}:badgePin`]: REDACTED, title: 'kept' } }],
    });
    // A secret name holding only flags is a setting; holding anything else, it is blanked whole.
    expect(body({ changePassword: { supported: true }, tokens: [{ type: 'x', value: 's' }], userPassword: { value: 's' } })).toEqual({
      changePassword: { supported: true },
      tokens: REDACTED,
      userPassword: REDACTED,
    });
    expect(
      body(
        { [HR]: { vault: { combination: '1' } } },
        secretNamesFor([
          {
            ...declarations[0]!,
            attributes: [{ name: 'vault', type: 'complex', returned: 'never', subAttributes: [{ name: 'combination', type: 'string' }] }],
          },
        ]),
      ),
    ).toEqual({ [HR]: { vault: REDACTED } });
    // Without the workspace's declarations, badgePin is only a name.
    expect(body({ badgePin: 'f' })).toEqual({ badgePin: 'f' });
  });

  it('redacts the compared value of a secret in a /.search filter and in a PATCH path filter', () => {
    expect(body({ filter: 'userName eq "jane" and password eq "s\\"1"' }).filter).toBe(`userName eq "jane" and password eq "${REDACTED}"`);
    expect(body({ filter: `${HR}:badgePin eq "9"` }, hr).filter).toBe(`${HR}:badgePin eq "${REDACTED}"`);
    expect(body({ Operations: [{ op: 'remove', path: 'x[password eq "s2"]' }] }).Operations[0].path).toBe(`x[password eq "${REDACTED}"]`);
    expect(body({ detail: 'Cannot filter on (password ne s3)' }).detail).toBe(`Cannot filter on (password ne "${REDACTED}")`);
  });

  it('keeps a body without secrets byte for byte, and names that merely contain a short secret name', () => {
    const text = '{ "userName" : "jane",  "addresses":[{"postalCode":"10115","shipping":"pin-less"}], "code": "HR-7" }';
    expect(redactBody(text)).toBe(text);
    const withPassword = '{"userName":"jane" ,"password":"x"}';
    expect(JSON.parse(redactBody(withPassword)!)).toEqual({ userName: 'jane', password: REDACTED });
    expect(redactBody('{"password":null}')).toBe('{"password":null}');
    expect(redactBody(null)).toBeNull();
    expect(redactBody('')).toBeNull();
  });

  it('redacts JSON that does not parse by pattern: secret keys, and every value once a path names a secret', () => {
    const broken = '{"Operations":[{"op":"replace","path":"password","value":"s4"},{"value":"s5"} ,"userPassword": "s6", "pin": 77';
    const redacted = redactBody(broken)!;
    for (const secret of ['s4', 's5', 's6', '77']) expect(redacted).not.toContain(secret);
    expect(redacted).toContain('"path":"password"');
  });
});

describe('redactBody on forms and text', () => {
  it('redacts form fields by name (password, client_secret, OAuth code) and keeps the rest as sent', () => {
    expect(redactBody('grant_type=authorization_code&code=abc&client_id=app+one&client_secret=s%26x&password=p&redirect_uri=https%3A%2F%2Fx')).toBe(
      `grant_type=authorization_code&code=${Q}&client_id=app+one&client_secret=${Q}&password=${Q}&redirect_uri=https%3A%2F%2Fx`,
    );
  });

  it('leaves text that is neither JSON nor a form alone, but a filter in it is still redacted', () => {
    expect(redactBody('hello world')).toBe('hello world');
    expect(redactText('Okta looked up users where password eq "s7"')).toBe(`Okta looked up users where password eq "${REDACTED}"`);
  });
});

describe('redactUrl', () => {
  it('redacts secret query parameters and secret filter comparisons, keeping other pairs byte for byte', () => {
    expect(redactUrl('/scim/v2/Users?pw=s1&count=5&access_token=s2&code=s3')).toBe(`/scim/v2/Users?pw=${Q}&count=5&access_token=${Q}&code=${Q}`);
    const filter = encodeURIComponent('userName eq "a b" and password eq "s4"');
    expect(decodeURIComponent(redactUrl(`/Users?filter=${filter}&startIndex=1`))).toBe(
      `/Users?filter=userName eq "a b" and password eq "${REDACTED}"&startIndex=1`,
    );
    expect(redactUrl('/Users?filter=userName%20eq%20%22a%22')).toBe('/Users?filter=userName%20eq%20%22a%22');
    expect(redactUrl('/Users?filter=password+eq+%22s5%22')).not.toContain('s5');
    expect(redactUrl(`/Users?filter=${encodeURIComponent(`${HR}:badgePin eq "s6"`)}`, hr)).not.toContain('s6');
    expect(redactUrl('/Users?filter=%E0%A4%A')).toBe('/Users?filter=%E0%A4%A');
  });
});

describe('redactHeaders', () => {
  it('redacts authorization (keeping its scheme), cookies, X-Auth, X-Session-Id, X-Csrf and token-named headers; keeps challenges', () => {
    const headers = redactHeaders({
      Authorization: 'Bearer abc',
      cookie: 'sid=1',
      'set-cookie': ['a=1', 'b=2'],
      'X-Auth': 's1',
      'X-Session-Id': 's2',
      'X-Csrf': 's3',
      'X-XSRF-Token': 's4',
      'X-Api-Key': 's5',
      'www-authenticate': 'Bearer realm="scim"',
      'user-agent': 'Okta SCIM Client',
    });
    expect(headers).toEqual([
      ['authorization', `Bearer ${REDACTED}`],
      ['cookie', REDACTED],
      ['set-cookie', REDACTED],
      ['x-auth', REDACTED],
      ['x-session-id', REDACTED],
      ['x-csrf', REDACTED],
      ['x-xsrf-token', REDACTED],
      ['x-api-key', REDACTED],
      ['www-authenticate', 'Bearer realm="scim"'],
      ['user-agent', 'Okta SCIM Client'],
    ]);
  });
});

describe('redactChange', () => {
  it('redacts a resource version document holding a declared secret, and leaves one without alone', () => {
    const after = { userName: 'jane', [HR]: { badgePin: '1', site: 'Berlin' } };
    expect(redactChange({ resourceType: 'User', resourceId: 'u1', before: null, after }, hr).after).toEqual({
      userName: 'jane',
      [HR]: { badgePin: REDACTED, site: 'Berlin' },
    });
    const plain = { userName: 'jane' };
    expect(redactChange({ resourceType: 'User', resourceId: 'u1', before: plain, after: null }, hr).before).toBe(plain);
  });

  it('redacts a document whose text the service remembered, and the store then writes the redacted one', () => {
    const after = { userName: 'jane', [HR]: { badgePin: '1', site: 'Berlin' } };
    rememberDocumentText(after, JSON.stringify(after));
    const redacted = redactChange({ resourceType: 'User', resourceId: 'u1', before: null, after }, hr).after!;
    expect(documentText(redacted)).toBe(JSON.stringify({ userName: 'jane', [HR]: { badgePin: REDACTED, site: 'Berlin' } }));
  });
});

describe('redactExchange', () => {
  it("scrubs the request's secret values wherever the response or a note echoes them, keeping JSON valid", () => {
    const redacted = redactExchange(
      {
        request: {
          method: 'GET',
          url: `/Users?filter=${encodeURIComponent('pin eq 98765 and userName eq "jo"')}`,
          headers: { authorization: 'Bearer tok-12345' },
          body: null,
        },
        response: {
          status: 400,
          headers: { 'x-echo': 'value 98765' },
          body: JSON.stringify({ detail: 'The filter "pin eq 98765" has unquoted values (98765)', count: 98765, totalResults: 12 }),
        },
        notes: [{ kind: 'normalised', code: 'unquotedFilterValue', detail: 'Unquoted filter value 98765 read as string' }],
        changes: [],
      },
      hr,
    );
    expect(JSON.parse(redacted.response.body!)).toEqual({
      detail: `The filter "pin eq "${REDACTED}"" has unquoted values (${REDACTED})`,
      count: REDACTED,
      totalResults: 12,
    });
    expect(redacted.response.headers).toEqual([['x-echo', `value ${REDACTED}`]]);
    expect(redacted.notes[0]!.detail).toBe(`Unquoted filter value ${REDACTED} read as string`);
    expect(redacted.scrub('Looked up users where pin eq 98765')).toBe(`Looked up users where pin eq "${REDACTED}"`);
    expect(redacted.request.headers).toEqual([['authorization', `Bearer ${REDACTED}`]]);
  });

  it('does not scrub values too short to tell from ids and counts', () => {
    const redacted = redactExchange(
      {
        request: { method: 'GET', url: '/Users?pin=12', headers: {}, body: null },
        response: { status: 200, headers: {}, body: '{"totalResults":12,"id":"12"}' },
        notes: [],
        changes: [],
      },
      hr,
    );
    expect(redacted.request.url).toBe(`/Users?pin=${Q}`);
    expect(redacted.response.body).toBe('{"totalResults":12,"id":"12"}');
  });
});

describe('the quick look before parsing', () => {
  it('lets through every listed and declared name, in any case, so none escapes unparsed', () => {
    const whole = [...SECRET_NAMES, 'password', 'badgePin', 'combination'];
    const keys = [
      ...whole.flatMap((name) => [name, name.toUpperCase()]),
      ...SECRET_NAME_PARTS.flatMap((part) => [part, part.toUpperCase(), `user${part[0]!.toUpperCase()}${part.slice(1)}`]),
    ];
    expect(keys.length).toBeGreaterThan(40);
    for (const key of keys) expect(body({ [key]: 'v' }, hr), key).toEqual({ [key]: REDACTED });
  });
});

describe('hostile input', () => {
  // Inputs a regex could rescan once per character; they must come back redacted (and come back at all).
  it('redacts long runs a careless pattern would rescan: dotted words, escaped quotes, a search body', () => {
    const dotted = `password eq "s1" ${'a.'.repeat(100_000)}`;
    expect(redactFilter(dotted, BUILT_IN_SECRETS)).toBe(`password eq "${REDACTED}" ${'a.'.repeat(100_000)}`);
    const escapedQuotes = `{"password":"s2","${'\\"'.repeat(100_000)}`;
    expect(redactBody(escapedQuotes)).not.toContain('s2');
    const search = JSON.stringify({ filter: `${'urn:'.repeat(50_000)} password eq "s3"` });
    expect(redactBody(search)).not.toContain('s3');
  });
});
