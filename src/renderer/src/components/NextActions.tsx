import { useState } from 'react';
import { useConnection } from '../store/connection';
import { useUi } from '../store/ui';
import { playDemo } from '../play-demo';

/**
 * The empty state of a view with nothing to show yet: what is missing, and the buttons that fill
 * it — the demo (traffic without an IdP tenant) and, where traffic is what is missing, connecting Okta.
 */
export function NextActions({ message, connect = false, onDemoStarted }: { message: string; connect?: boolean; onDemoStarted?: () => void }) {
  const client = useConnection((state) => state.client);
  const setView = useUi((state) => state.setView);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <div className="empty-state">
      <p>{message}</p>
      <div className="empty-actions">
        <button
          type="button"
          className="primary"
          disabled={!client || starting}
          onClick={() => {
            setStarting(true);
            setError(undefined);
            playDemo(client!)
              .then(() => onDemoStarted?.())
              .catch((reason: unknown) => setError(`The demo could not start: ${(reason as Error).message}`))
              .finally(() => setStarting(false));
          }}
        >
          {starting ? 'Starting the demo…' : 'Play demo'}
        </button>
        {connect && (
          <button type="button" onClick={() => setView('connection')}>
            Connect Okta
          </button>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
