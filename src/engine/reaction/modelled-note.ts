import type { RecordedNote } from '../../shared/recording';
import { MODELLED_HEADER } from './reaction-exchange';

/**
 * The recorded note of a request the simulator sent as modelled IdP behaviour (its X-Workbench-Modelled
 * header), so the traffic list and `note:modelled` say that this retry came from a model, not from a real IdP.
 */
export function modelledNotes(headers: Record<string, string | string[] | undefined>): RecordedNote[] {
  const value = headers[MODELLED_HEADER];
  const label = Array.isArray(value) ? value[0] : value;
  return label ? [{ kind: 'modelled', code: 'modelledRetry', detail: `MODELLED: ${label.slice(0, 300)}` }] : [];
}
