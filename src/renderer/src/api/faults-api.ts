import type {
  FaultPreset,
  FaultRule,
  FaultRuleInput,
  FaultRuleList,
  FaultRulesFile,
  FaultsCounted,
  FaultsSummary,
  HeldExchange,
  HeldFailure,
  HeldOutcome,
  HeldRelease,
} from '../../../shared/faults';
import type { FaultsFeedEvent } from '../faults/feed-events';

type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The admin API's fault rules and breakpoints (routes listed in shared/faults.ts), through the client's authorised call. */
export function faultsApi(call: Call) {
  const rules = (slug: string) => `/workspaces/${encodeURIComponent(slug)}/faults`;
  return {
    presets: () => call<FaultPreset[]>('GET', '/faults/presets'),
    summary: () => call<FaultsSummary>('GET', '/faults/summary'),
    list: (slug: string) => call<FaultRuleList>('GET', rules(slug)),
    create: (slug: string, rule: FaultRuleInput) => call<FaultRule>('POST', rules(slug), rule),
    update: (slug: string, id: number, rule: FaultRuleInput) => call<FaultRule>('PUT', `${rules(slug)}/${id}`, rule),
    remove: (slug: string, id: number) => call<void>('DELETE', `${rules(slug)}/${id}`),
    setAllEnabled: (slug: string, enabled: boolean) => call<FaultRuleList>('POST', `${rules(slug)}/enabled`, { enabled }),
    replaceAll: (slug: string, file: FaultRulesFile) => call<FaultRuleList>('PUT', rules(slug), file),
    exportFile: (slug: string) => call<FaultRulesFile>('GET', `${rules(slug)}/export`),
    held: () => call<HeldExchange[]>('GET', '/held'),
    release: (id: number, release: HeldRelease) => call<HeldExchange>('POST', `/held/${id}/release`, release),
    fail: (id: number, failure: HeldFailure) => call<HeldExchange>('POST', `/held/${id}/fail`, failure),
  };
}

/** Hands the feed's fault events (and each (re)opening) to `onFaults`. */
export function listenForFaults(source: EventSource, onFaults: (event: FaultsFeedEvent) => void): void {
  const data = <T>(event: Event) => JSON.parse((event as MessageEvent<string>).data) as T;
  source.addEventListener('ready', () => onFaults({ kind: 'ready' }));
  source.addEventListener('held', (event) => onFaults({ kind: 'held', held: data<HeldExchange>(event) }));
  source.addEventListener('released', (event) => onFaults({ kind: 'released', outcome: data<HeldOutcome>(event) }));
  source.addEventListener('faults', (event) => onFaults({ kind: 'faults', summary: data<FaultsSummary>(event) }));
  source.addEventListener('counted', (event) => onFaults({ kind: 'counted', counted: data<FaultsCounted>(event) }));
}
