import { useEffect, useState } from 'react';
import type { TrafficTarget } from '../../../shared/simulator';
import { isLoopbackUrl } from '../../../shared/loopback';
import { askConfirm } from '../store/dialog';
import { useWorkspaces } from '../store/workspaces';
import type { ReplayAuth } from '../../../shared/replay';
import { CredentialsInput } from './CredentialsInput';

/** Where simulated or checked traffic goes: a workspace here (the picked one unless chosen otherwise; its own auth mode), or another SCIM server with its credentials. */
export function TargetPicker({ label, onChange }: { label: string; onChange: (target: TrafficTarget) => void }) {
  const workspaces = useWorkspaces((state) => state.list);
  const picked = useWorkspaces((state) => state.current);
  const [choice, setChoice] = useState(picked);
  const [baseUrl, setBaseUrl] = useState('');
  const [auth, setAuth] = useState<ReplayAuth>({ kind: 'none' });
  // Picking another workspace in the header moves the target with it; another server stays chosen.
  useEffect(() => setChoice((previous) => (previous === '(url)' ? previous : picked)), [picked]);
  useEffect(() => {
    onChange(choice === '(url)' ? { kind: 'url', baseUrl, auth } : { kind: 'workspace', workspace: choice });
  }, [choice, baseUrl, auth, onChange]);
  return (
    <>
      <label>
        {label}
        <select aria-label={label} value={choice} onChange={(event) => setChoice(event.target.value)}>
          {workspaces.map((workspace) => (
            <option key={workspace.slug} value={workspace.slug}>
              workspace “{workspace.slug}” here
            </option>
          ))}
          <option value="(url)">another SCIM server…</option>
        </select>
      </label>
      {choice === '(url)' && (
        <>
          <label>
            SCIM base URL{' '}
            <input
              aria-label={`${label} URL`}
              value={baseUrl}
              placeholder="https://scim.example.com/scim/v2"
              onChange={(event) => setBaseUrl(event.target.value)}
            />
          </label>
          <CredentialsInput prefix={label} baseUrl={baseUrl} onChange={setAuth} />
        </>
      )}
    </>
  );
}

/** Asks before sending traffic that changes users to another machine; returns the target marked confirmed, or undefined. */
export async function confirmTarget(target: TrafficTarget): Promise<TrafficTarget | undefined> {
  // An unparsable URL is left for the engine to explain.
  if (target.kind !== 'url') return target;
  // With OAuth the client secret goes to the token endpoint: another machine there needs the same yes.
  const remote = [target.baseUrl, ...(target.auth.kind === 'oauth' ? [target.auth.tokenUrl] : [])].filter((url) => URL.canParse(url) && !isLoopbackUrl(url));
  if (remote.length === 0) return target;
  const confirmed = await askConfirm(
    `Send requests that create and change users to ${target.baseUrl}?`,
    `${remote.join(' and ')} ${remote.length === 1 ? 'is' : 'are'} not this machine.`,
    'Send',
  );
  return confirmed ? { ...target, confirmed: true } : undefined;
}
