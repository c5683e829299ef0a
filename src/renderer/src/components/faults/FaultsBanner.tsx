import './faults.css';
import { useConnection } from '../../store/connection';
import { enabledRulesOf, useFaults } from '../../store/faults';
import { useUi } from '../../store/ui';
import { useWorkspaces } from '../../store/workspaces';

/**
 * Said in every view while the picked workspace has a fault rule on, or an exchange is held at a
 * breakpoint: faults left on by mistake make an integration look broken, and a held request keeps
 * an IdP waiting. One click opens the Faults view or turns the workspace's rules off.
 */
export function FaultsBanner() {
  const client = useConnection((state) => state.client);
  const workspace = useWorkspaces((state) => state.current);
  const enabled = useFaults((state) => enabledRulesOf(state.summary, workspace));
  const held = useFaults((state) => state.held.length);
  const view = useUi((state) => state.view);
  if (!client || (enabled === 0 && held === 0)) return null;
  const openFaults = () => useUi.getState().setView('faults');
  return (
    <div className="faults-banner" role="region" aria-label="Faults on">
      {enabled > 0 && (
        <p>
          <strong>
            Faults are on: {enabled} {enabled === 1 ? 'rule' : 'rules'}
          </strong>{' '}
          in this workspace.{' '}
          {view !== 'faults' && (
            <button type="button" onClick={openFaults}>
              Open Faults
            </button>
          )}{' '}
          <button type="button" onClick={() => void useFaults.getState().allOff(client, workspace)}>
            Turn all off
          </button>
        </p>
      )}
      {held > 0 && (
        <p role="status" data-testid="held-notice">
          <strong>
            {held} {held === 1 ? 'request' : 'requests'} held
          </strong>{' '}
          at a breakpoint, waiting for you.{' '}
          {view !== 'faults' && (
            <button type="button" onClick={openFaults}>
              Show held
            </button>
          )}
        </p>
      )}
    </div>
  );
}
