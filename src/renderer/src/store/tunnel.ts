import { create } from 'zustand';
import type { TestConnectionIdp, TestConnectionResult, TunnelProviderName, TunnelResponse, TunnelSettingsUpdate } from '../../../shared/admin-api';
import type { AdminClient } from '../api/admin-client';
import { useWorkspaces } from './workspaces';

/**
 * The tunnel as the inspector knows it: settings (secrets only as "set"), status, the last test
 * result. Refreshed every few seconds by the app, since a tunnel can reconnect at a new URL at any time.
 */
interface TunnelStore {
  response?: TunnelResponse;
  busy?: 'saving' | 'starting' | 'stopping' | 'testing' | 'forgetting';
  error?: string;
  test?: TestConnectionResult;
  /** The URL change the user has acknowledged (its publicUrlChangedAt). */
  dismissedChange?: string;
  refresh(client: AdminClient): Promise<void>;
  save(client: AdminClient, update: TunnelSettingsUpdate): Promise<void>;
  start(client: AdminClient, provider: TunnelProviderName): Promise<void>;
  stop(client: AdminClient): Promise<void>;
  /** Forgets the SSH host key pinned on first use, once the user has checked the server's new key. */
  forgetHostKey(client: AdminClient): Promise<void>;
  testConnection(client: AdminClient, idp: TestConnectionIdp): Promise<void>;
  dismissChange(changedAt: string): void;
}

export const useTunnel = create<TunnelStore>((set) => {
  const run = async (busy: TunnelStore['busy'], action: () => Promise<TunnelResponse>) => {
    set({ busy, error: undefined });
    try {
      set({ response: await action() });
    } catch (error) {
      set({ error: (error as Error).message });
    } finally {
      set({ busy: undefined });
    }
  };
  return {
    dismissedChange: sessionStorage.getItem('scim-workbench.dismissed-url-change') ?? undefined,
    refresh: async (client) => {
      try {
        set({ response: await client.tunnel() });
      } catch {
        // The next poll tries again; the feed's own indicator says when the engine is gone.
      }
    },
    save: (client, update) => run('saving', () => client.saveTunnelSettings(update)),
    start: (client, provider) => run('starting', () => client.startTunnel(provider)),
    stop: (client) => run('stopping', () => client.stopTunnel()),
    forgetHostKey: (client) => run('forgetting', () => client.forgetSshHostKey()),
    testConnection: async (client, idp) => {
      set({ busy: 'testing', error: undefined, test: undefined });
      try {
        // The workspace the connection card shows: the request an IdP configured for it would send.
        set({ test: await client.testConnection(idp, useWorkspaces.getState().current) });
      } catch (error) {
        set({ error: (error as Error).message });
      } finally {
        set({ busy: undefined });
      }
    },
    dismissChange: (changedAt) => {
      sessionStorage.setItem('scim-workbench.dismissed-url-change', changedAt);
      set({ dismissedChange: changedAt });
    },
  };
});
