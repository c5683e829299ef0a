import type { InjectedFault } from '../../../../shared/faults';
import { injectedLabel } from '../../faults/rule-words';

/** The traffic list's mark on an exchange a fault rule or breakpoint acted on, named for screen readers ("fault injected: 429"). */
export function InjectedMark({ injected, status }: { injected: InjectedFault; status: number }) {
  const label = injectedLabel(injected, status);
  return (
    <span
      className={`injected-mark ${injected.action === 'breakpoint' ? 'held' : 'fault'}`}
      role="img"
      aria-label={label}
      title={`${label} — ${injected.summary}`}
    >
      {injected.action === 'breakpoint' ? '⏸' : '⚡'}
    </span>
  );
}
