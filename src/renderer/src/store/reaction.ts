import { create } from 'zustand';
import type { ReactionTimeline } from '../../../shared/reaction';
import type { AdminClient } from '../api/admin-client';

/** One timeline as read: which resource or session it is about, so an answer for another one is dropped. */
interface Read {
  about?: string;
  timeline?: ReactionTimeline;
  loading: boolean;
  error?: string;
}

/**
 * The IdP's reaction (engine/reaction) for the open resource and for the picked session. Each read
 * names what it is about: an answer that arrives after the user moved on is dropped (stale guard).
 */
interface ReactionState {
  resource: Read;
  session: Read;
  loadResource(client: AdminClient, workspace: string, id: string): Promise<void>;
  loadSession(client: AdminClient, sessionId: number): Promise<void>;
}

export const useReaction = create<ReactionState>((set, get) => {
  async function load(part: 'resource' | 'session', about: string, read: () => Promise<ReactionTimeline>): Promise<void> {
    set({ [part]: { about, loading: true, timeline: get()[part].about === about ? get()[part].timeline : undefined } });
    try {
      const timeline = await read();
      if (get()[part].about === about) set({ [part]: { about, loading: false, timeline } });
    } catch (error) {
      if (get()[part].about === about) set({ [part]: { about, loading: false, error: (error as Error).message } });
    }
  }
  return {
    resource: { loading: false },
    session: { loading: false },
    loadResource: (client, workspace, id) => load('resource', `${workspace}/${id}`, () => client.resourceReaction(workspace, id)),
    loadSession: (client, sessionId) => load('session', String(sessionId), () => client.sessionReaction(sessionId)),
  };
});
