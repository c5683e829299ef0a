import { useTunnel } from '../store/tunnel';

/**
 * Said on every view when the tunnel came up at another public URL than the one last given out
 * (a reconnect, a new random name, a restart): the IdP still calls the old one until it is updated.
 */
export function TunnelChangedBanner() {
  const { response, dismissedChange, dismissChange } = useTunnel();
  const status = response?.status;
  if (status?.state !== 'online' || !status.previousPublicScimBaseUrl || !status.publicUrlChangedAt || status.publicUrlChangedAt === dismissedChange)
    return null;
  const url = status.publicScimBaseUrl;
  return (
    <div className="url-changed" role="alert" aria-label="Public URL changed">
      <p>
        The public SCIM URL changed: it was <code>{status.previousPublicScimBaseUrl}</code> and is now <code>{url}</code>. The IdP keeps calling the old one
        until you paste the new one:
      </p>
      <ul>
        <li>
          Okta — SCIM connector base URL: <code>{url}</code>
        </li>
        <li>
          Microsoft Entra ID — Tenant URL: <code>{url}</code>
        </li>
        <li>
          OneLogin — SCIM Base URL: <code>{url}</code>
        </li>
      </ul>
      <button type="button" onClick={() => navigator.clipboard?.writeText(url ?? '')}>
        Copy new URL
      </button>{' '}
      <button type="button" onClick={() => dismissChange(status.publicUrlChangedAt!)}>
        Done, the IdP has it
      </button>
    </div>
  );
}
