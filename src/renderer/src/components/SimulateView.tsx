import { useConnection } from '../store/connection';
import { CheckPanel } from './CheckPanel';
import { DemoPanel } from './DemoPanel';
import { OktaImportPanel } from './OktaImportPanel';
import { SimulatorPanel } from './SimulatorPanel';
import { SuitePanel } from './SuitePanel';
import { SessionReaction } from './SessionReaction';

/**
 * Traffic without an IdP tenant: the demo, the IdP simulator, Okta's import, the conformance check
 * of any SCIM server and external suites. Each job shows under the button that started it, and is
 * kept in the jobs store (store/jobs.ts), so it survives a change of view.
 */
export function SimulateView() {
  const client = useConnection((state) => state.client);
  if (!client) return null;
  return (
    <main className="page simulate-view" aria-label="Simulate">
      <DemoPanel />
      <SimulatorPanel />
      <SessionReaction />
      <OktaImportPanel />
      <CheckPanel />
      <SuitePanel />
    </main>
  );
}
