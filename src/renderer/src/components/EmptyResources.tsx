import type { ResourceType } from '../store/resources';
import { NextActions } from './NextActions';

/** An empty resource list: a search that found nothing says so; an empty workspace offers the demo. */
export function EmptyResources({ type, searching }: { type: ResourceType; searching: boolean }) {
  const plural = type === 'User' ? 'users' : 'groups';
  if (searching) return <p className="empty">No {plural} match this search.</p>;
  return <NextActions message={`No ${plural} here yet. Play the demo to provision a dozen people into the “demo” workspace.`} />;
}
