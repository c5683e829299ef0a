import type { AdminClient } from './api/admin-client';
import type { SimulationJobState } from '../../shared/simulator';
import { useWorkspaces } from './store/workspaces';

/**
 * Starts the demo (Okta provisioning people into the "demo" workspace) and picks that workspace,
 * so Resources and Mappings show its users as they arrive. The traffic list shows them live.
 */
export async function playDemo(client: AdminClient): Promise<SimulationJobState> {
  const job = await client.demo();
  const workspaces = useWorkspaces.getState();
  await workspaces.load(client);
  const path = URL.canParse(job.target) ? new URL(job.target).pathname : job.target;
  const workspace = useWorkspaces.getState().list.find((candidate) => candidate.scimPath === path);
  if (workspace) workspaces.select(workspace.slug);
  return job;
}
