import { useEffect, useState } from 'react';
import type { EngineInfo } from '../../shared/bridge';

type EngineState =
  | { kind: 'loading' }
  | { kind: 'desktop'; info: EngineInfo }
  | { kind: 'browser' }
  | { kind: 'error'; message: string };

/** Placeholder until the inspector lands: shows where the local SCIM server listens. */
export function App() {
  const [state, setState] = useState<EngineState>(() => (window.workbench ? { kind: 'loading' } : { kind: 'browser' }));

  useEffect(() => {
    const bridge = window.workbench;
    if (!bridge) return;
    let active = true;
    bridge
      .getEngineInfo()
      .then((info) => active && setState({ kind: 'desktop', info }))
      .catch((error: unknown) => active && setState({ kind: 'error', message: String(error) }));
    return () => {
      active = false;
    };
  }, []);

  return (
    <main className="page">
      <h1>SCIM Workbench</h1>
      <EngineDetails state={state} />
    </main>
  );
}

function EngineDetails({ state }: { state: EngineState }) {
  switch (state.kind) {
    case 'loading':
      return <p>Connecting to the SCIM engine…</p>;
    case 'error':
      return <p className="error">Could not reach the SCIM engine: {state.message}</p>;
    case 'browser':
      return (
        <>
          <p>The inspector arrives in a later version. Until then, run the SCIM server without the desktop app:</p>
          <pre>npx scim-workbench serve</pre>
        </>
      );
    case 'desktop':
      return (
        <>
          <p>Point your identity provider's SCIM provisioning at this server.</p>
          <dl>
            <dt>SCIM base URL</dt>
            <dd>
              <code>{state.info.scimBaseUrl}</code>
            </dd>
            <dt>Bearer token</dt>
            <dd>
              <code>{state.info.token}</code>
            </dd>
          </dl>
          <p className="muted">Version {state.info.version}. The inspector arrives in a later version.</p>
        </>
      );
  }
}
