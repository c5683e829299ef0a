import type { TunnelState } from '../../shared/admin-api';
import type { AppSettingsStore } from '../store/app-settings';
import { TunnelError, type TunnelProvider, type TunnelStatus, type TunnelTarget } from './tunnel';

const LAST_URL_KEY = 'tunnel-last-public-url';
export const DEFAULT_SCIM_PATH = '/scim/v2';

/**
 * The one tunnel of a running engine: starts and stops providers (the CLI's `--tunnel`, the
 * inspector's Start button), keeps their status for the admin API, and remembers the last public
 * URL given out — across restarts — so that a new one is announced as a change to paste into the IdP.
 */
export class TunnelManager {
  private provider: TunnelProvider | undefined;
  private current: TunnelState | undefined;
  private readonly listeners = new Set<(status: TunnelStatus) => void>();

  constructor(
    private readonly target: TunnelTarget,
    private readonly appSettings: AppSettingsStore,
  ) {}

  get state(): TunnelState | undefined {
    return this.current;
  }

  onStatus(listener: (status: TunnelStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops any running tunnel, then starts this one; resolves with the public SCIM base URL. */
  async start(provider: TunnelProvider): Promise<string> {
    await this.stop();
    this.provider = provider;
    const report = (status: TunnelStatus) => {
      if (this.provider !== provider) return; // a stopped provider's late events
      this.apply(status);
    };
    try {
      const origin = await provider.start(this.target, report);
      if (this.current?.state !== 'online') report({ state: 'online', provider: provider.name, publicUrl: origin });
      return scimBaseUrlOf(origin);
    } catch (error) {
      const message = error instanceof TunnelError ? error.message : `The ${provider.name} tunnel failed: ${(error as Error).message}`;
      if (this.provider === provider) {
        report({ state: 'failed', provider: provider.name, message });
        this.provider = undefined;
        await provider.stop().catch(() => undefined);
      }
      throw error instanceof TunnelError ? error : new TunnelError(message);
    }
  }

  async stop(): Promise<void> {
    const provider = this.provider;
    if (!provider) return;
    this.provider = undefined;
    await provider.stop();
    this.apply({ state: 'stopped', provider: provider.name });
  }

  private apply(status: TunnelStatus): void {
    const previous = this.current;
    const next: TunnelState = { provider: status.provider, state: status.state };
    if (status.state === 'online') {
      next.publicOrigin = status.publicUrl.replace(/\/+$/, '');
      next.publicScimBaseUrl = scimBaseUrlOf(status.publicUrl);
      if (status.hostKey) next.hostKey = status.hostKey;
      const last = this.appSettings.get<string>(LAST_URL_KEY);
      if (last && last !== next.publicScimBaseUrl) {
        next.previousPublicScimBaseUrl = last;
        next.publicUrlChangedAt = new Date().toISOString();
      } else if (previous?.previousPublicScimBaseUrl && previous.publicScimBaseUrl === next.publicScimBaseUrl) {
        // Still the same change (back online after a reconnect at the same URL): keep saying it.
        next.previousPublicScimBaseUrl = previous.previousPublicScimBaseUrl;
        next.publicUrlChangedAt = previous.publicUrlChangedAt;
      }
      this.appSettings.set(LAST_URL_KEY, next.publicScimBaseUrl);
    } else {
      // While reconnecting the old URL is still the one the IdP has: keep showing it.
      if (status.state === 'reconnecting' && previous?.publicScimBaseUrl) {
        next.publicScimBaseUrl = previous.publicScimBaseUrl;
        next.publicOrigin = previous.publicOrigin;
      }
      if (status.state === 'failed') next.message = status.message;
      if (status.state === 'reconnecting')
        next.message = `${status.reason}${status.retryInMs ? `; retrying in ${Math.round(status.retryInMs / 1000)} s` : '; retrying'}`;
    }
    this.current = next;
    for (const listener of this.listeners) listener(status);
  }
}

export function scimBaseUrlOf(origin: string): string {
  return `${origin.replace(/\/+$/, '')}${DEFAULT_SCIM_PATH}`;
}
