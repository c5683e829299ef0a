import { useEffect, useState } from 'react';
import { useConnection } from '../store/connection';
import { useReaction } from '../store/reaction';
import { useJobs } from '../store/jobs';
import { currentSession, useSessions } from '../store/sessions';
import { ReactionTimeline } from './ReactionTimeline';

/**
 * The session-level "IdP reaction" panel: every operation an IdP repeated in a session, picked by
 * name (the live one by default), read again on demand — after a simulator run with faults on, say.
 */
export function SessionReaction() {
  const client = useConnection((state) => state.client)!;
  const sessions = useSessions((state) => state.sessions);
  const read = useReaction((state) => state.session);
  const loadSession = useReaction((state) => state.loadSession);
  const [picked, setPicked] = useState<number | undefined>();
  const sessionId = picked ?? currentSession(sessions)?.id;
  // A simulation that ends has just added its traffic (and its retries): read the session again then.
  const simulation = useJobs((state) => (state.jobs.simulation ? `${state.jobs.simulation.id}:${state.jobs.simulation.state}` : undefined));
  useEffect(() => void useSessions.getState().load(client), [client]);
  useEffect(() => {
    if (sessionId !== undefined) void loadSession(client, sessionId);
  }, [client, sessionId, loadSession, simulation]);
  const current = sessionId !== undefined && read.about === String(sessionId);
  return (
    <section aria-label="IdP reaction">
      <h2>IdP reaction</h2>
      <p className="hint">
        The operations an IdP sent again after a failing answer: the waits between attempts, whether it backed off or kept to Retry-After, and what it did in
        the end. Simulator retries are marked MODELLED.
      </p>
      <div className="tunnel-actions">
        <label>
          Session read{' '}
          <select aria-label="Session read" value={sessionId ?? ''} onChange={(event) => setPicked(Number(event.target.value))}>
            {sessions.map((session) => (
              <option key={session.id} value={session.id}>
                {session.name}
                {session.current ? ' (live)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={sessionId === undefined || read.loading} onClick={() => sessionId !== undefined && void loadSession(client, sessionId)}>
          Read again
        </button>
      </div>
      {current && read.error && (
        <p className="error" role="alert">
          {read.error}
        </p>
      )}
      {current && read.timeline && (
        <ReactionTimeline
          timeline={read.timeline}
          empty="Nothing was retried or given up in this session: every answer was a success, or a failure the IdP took as final."
        />
      )}
    </section>
  );
}
