import type { ReactNode } from 'react';
import { tokenEndpointOf, type AuthSettings } from '../../../shared/auth-modes';

interface Field {
  name: string;
  value: string;
  /** The workspace secret: masked until revealed, still copied whole. */
  secret?: boolean;
  /** A note instead of a value to copy. */
  note?: boolean;
}

/**
 * What to paste into each IdP for the workspace's auth mode, each field named as that IdP's
 * form names it. An IdP that has no such mode says which mode to use instead.
 */
export function idpFields(base: string, auth: AuthSettings, secret: string): { idp: string; fields: Field[] }[] {
  const tokenUrl = tokenEndpointOf(base);
  const okta: Record<AuthSettings['mode'], Field[]> = {
    bearer: [
      { name: 'Authentication Mode', value: 'HTTP Header' },
      { name: 'Authorization (Bearer)', value: secret, secret: true },
    ],
    basic: [
      { name: 'Authentication Mode', value: 'Basic Auth' },
      { name: 'Username', value: auth.username },
      { name: 'Password', value: secret, secret: true },
    ],
    header: [
      { name: 'Authentication Mode', value: 'HTTP Header' },
      { name: 'Header name', value: auth.headerName },
      { name: 'Header value', value: secret, secret: true },
    ],
    oauth: [
      { name: 'Authentication Mode', value: 'OAuth 2' },
      { name: 'Access token endpoint URI', value: tokenUrl },
      { name: 'Client ID', value: auth.clientId },
      { name: 'Client Secret', value: secret, secret: true },
    ],
  };
  const entra: Field[] =
    auth.mode === 'bearer'
      ? [{ name: 'Secret Token', value: secret, secret: true }]
      : auth.mode === 'oauth'
        ? [
            { name: 'Authentication Method', value: 'OAuth2 Client Credentials Grant' },
            { name: 'Token endpoint', value: tokenUrl },
            { name: 'Client identifier', value: auth.clientId },
            { name: 'Client secret', value: secret, secret: true },
          ]
        : [
            {
              name: 'Authentication',
              value: 'Entra ID sends a bearer token (Secret Token) or OAuth client credentials: choose bearer or oauth for this workspace.',
              note: true,
            },
          ];
  const onelogin: Field[] =
    auth.mode === 'bearer'
      ? [{ name: 'SCIM Bearer Token', value: secret, secret: true }]
      : [{ name: 'Authentication', value: 'OneLogin sends a SCIM Bearer Token only: choose bearer for this workspace.', note: true }];
  return [
    {
      idp: 'Okta (SCIM 2.0)',
      fields: [{ name: 'SCIM connector base URL', value: base }, { name: 'Unique identifier field for users', value: 'userName' }, ...okta[auth.mode]],
    },
    { idp: 'Microsoft Entra ID', fields: [{ name: 'Tenant URL', value: base }, ...entra] },
    { idp: 'OneLogin', fields: [{ name: 'SCIM Base URL', value: base }, ...onelogin] },
  ];
}

export function IdpFieldsTable({
  base,
  auth,
  secret,
  revealed,
  copyButton,
}: {
  base: string;
  auth: AuthSettings;
  secret: string;
  revealed: boolean;
  copyButton: (text: string, label: string) => ReactNode;
}) {
  return (
    <table className="idp-fields" data-testid="idp-fields">
      <thead>
        <tr>
          <th>IdP</th>
          <th>Field</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {idpFields(base, auth, secret).flatMap(({ idp, fields }) =>
          fields.map((field, index) => (
            <tr key={`${idp}:${field.name}`}>
              {index === 0 && <td rowSpan={fields.length}>{idp}</td>}
              <td>{field.name}</td>
              <td>
                {field.note ? (
                  <em>{field.value}</em>
                ) : (
                  <>
                    <code>{field.secret && !revealed ? MASK : field.value}</code> {copyButton(field.value, `Copy ${idp} ${field.name}`)}
                  </>
                )}
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

export const MASK = '••••••••••••';
