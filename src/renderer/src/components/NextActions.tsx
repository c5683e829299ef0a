import { useState } from 'react';
import { useConnection } from '../store/connection';
import { useJobs } from '../store/jobs';
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
  // The demo is the jobs store's demo job: its start error is the store's, shown here and in Simulate.
  const error = useJobs((state) => state.errors.demo);
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
            void playDemo(client!)
              .then((job) => job && onDemoStarted?.())
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
          The demo could not start: {error}
        </p>
      )}
    </div>
  );
}
