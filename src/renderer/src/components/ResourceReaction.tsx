import { useEffect } from 'react';
import { useConnection } from '../store/connection';
import { useReaction } from '../store/reaction';
import { ReactionTimeline } from './ReactionTimeline';

/** The Resources view's "Reaction" panel: how the IdP reacted to failing answers about the open resource. */
export function ResourceReaction({ workspace, id }: { workspace: string; id: string }) {
  const client = useConnection((state) => state.client)!;
  const read = useReaction((state) => state.resource);
  const loadResource = useReaction((state) => state.loadResource);
  useEffect(() => void loadResource(client, workspace, id), [client, workspace, id, loadResource]);
  const current = read.about === `${workspace}/${id}`;
  return (
    <section aria-label="Reaction" className="reaction-panel">
      <h3>Reaction</h3>
      {current && read.error && (
        <p className="error" role="alert">
          {read.error}
        </p>
      )}
      {current && read.timeline ? (
        <ReactionTimeline timeline={read.timeline} empty="No failed answer about it was retried or given up: the IdP got what it asked for." />
      ) : (
        !read.error && <p className="hint">Reading the IdP&apos;s reaction…</p>
      )}
    </section>
  );
}
