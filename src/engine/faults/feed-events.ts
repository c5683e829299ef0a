import type { FaultsCounted, FaultsSummary, HeldExchange, HeldOutcome } from '../../shared/faults';
import type { FaultEngine } from './fault-engine';

/** Sends one live feed's chaos lab events (`held`, `released`, `faults`, `counted`); returns how to stop. */
export function announceFaults(
  faults: FaultEngine,
  send: (event: 'held' | 'released' | 'faults' | 'counted', data: HeldExchange | HeldOutcome | FaultsSummary | FaultsCounted) => void,
): () => void {
  const held = (view: HeldExchange) => send('held', view);
  const released = (outcome: HeldOutcome) => send('released', outcome);
  const changed = (summary: FaultsSummary) => send('faults', summary);
  const counted = (moved: FaultsCounted) => send('counted', moved);
  faults.breakpoints.on('held', held);
  faults.breakpoints.on('released', released);
  faults.on('faults', changed);
  faults.on('counted', counted);
  return () => {
    faults.breakpoints.off('held', held);
    faults.breakpoints.off('released', released);
    faults.off('faults', changed);
    faults.off('counted', counted);
  };
}
