import type { AdminClient } from './api/admin-client';
import type { SimulationJobState } from '../../shared/simulator';
import { useJobs } from './store/jobs';
import { useWorkspaces } from './store/workspaces';

/**
 * Starts the demo (Okta provisioning people into the "demo" workspace) as the jobs store's demo job,
 * so the Simulate view shows and can cancel it wherever it was started, and picks that workspace,
 * so Resources and Mappings show its users as they arrive. Undefined when it could not start
 * (the reason is the store's `errors.demo`).
 */
export async function playDemo(client: AdminClient): Promise<SimulationJobState | undefined> {
  const job = await useJobs.getState().start('demo', () => client.demo());
  if (job) await showWorkspaceOf(client, job.target);
  return job;
}

/** Picks the workspace a job sends to (the demo's, which the job may just have created). */
async function showWorkspaceOf(client: AdminClient, target: string): Promise<void> {
  const workspaces = useWorkspaces.getState();
  await workspaces.load(client);
  const path = URL.canParse(target) ? new URL(target).pathname : target;
  const workspace = useWorkspaces.getState().list.find((candidate) => candidate.scimPath === path);
  if (workspace) workspaces.select(workspace.slug);
}
