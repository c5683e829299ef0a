import { useEffect, useState } from 'react';
import type { ReplayAuth } from '../../../shared/replay';

type Kind = ReplayAuth['kind'];

const KINDS: { value: Kind; label: string }[] = [
  { value: 'bearer', label: 'Bearer token' },
  { value: 'basic', label: 'HTTP Basic' },
  { value: 'header', label: 'Custom header' },
  { value: 'oauth', label: 'OAuth 2.0 client credentials' },
  { value: 'none', label: 'None' },
];

/**
 * Another SCIM server's credentials, of any kind the IdPs use (the CLI's --token, --basic, --header,
 * --client-id/--client-secret/--oauth-token-url). `prefix` names the inputs (`Send to` → "Send to
 * authentication", "Send to token"). The OAuth token endpoint defaults to the base URL + /oauth/token.
 */
export function CredentialsInput({ prefix, baseUrl, onChange }: { prefix: string; baseUrl: string; onChange: (auth: ReplayAuth) => void }) {
  const [kind, setKind] = useState<Kind>('bearer');
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const [tokenUrl, setTokenUrl] = useState('');
  useEffect(() => {
    const defaultTokenUrl = baseUrl ? `${baseUrl.replace(/\/+$/, '')}/oauth/token` : '';
    const auth: ReplayAuth =
      kind === 'bearer'
        ? secret
          ? { kind: 'bearer', token: secret }
          : { kind: 'none' }
        : kind === 'basic'
          ? { kind: 'basic', username: name, password: secret }
          : kind === 'header'
            ? { kind: 'header', name, value: secret }
            : kind === 'oauth'
              ? { kind: 'oauth', tokenUrl: tokenUrl || defaultTokenUrl, clientId: name, clientSecret: secret }
              : { kind: 'none' };
    onChange(auth);
  }, [kind, name, secret, tokenUrl, baseUrl, onChange]);
  const nameLabel = kind === 'basic' ? 'username' : kind === 'header' ? 'header name' : 'client id';
  const secretLabel = kind === 'bearer' ? 'token' : kind === 'basic' ? 'password' : kind === 'header' ? 'header value' : 'client secret';
  return (
    <>
      <label>
        Authentication
        <select aria-label={`${prefix} authentication`} value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
          {KINDS.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      {(kind === 'basic' || kind === 'header' || kind === 'oauth') && (
        <label>
          {capitalised(nameLabel)}{' '}
          <input
            aria-label={`${prefix} ${nameLabel}`}
            value={name}
            placeholder={kind === 'header' ? 'X-Api-Key' : undefined}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
      )}
      {kind === 'oauth' && (
        <label>
          Token endpoint{' '}
          <input
            aria-label={`${prefix} token endpoint`}
            value={tokenUrl}
            placeholder={baseUrl ? `${baseUrl.replace(/\/+$/, '')}/oauth/token` : 'https://idp.example.com/oauth/token'}
            onChange={(event) => setTokenUrl(event.target.value)}
          />
        </label>
      )}
      {kind !== 'none' && (
        <label>
          {capitalised(secretLabel)}{' '}
          <input aria-label={`${prefix} ${secretLabel}`} type="password" value={secret} onChange={(event) => setSecret(event.target.value)} />
        </label>
      )}
    </>
  );
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
