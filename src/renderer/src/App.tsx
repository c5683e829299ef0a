import { useEffect } from 'react';
import { connectToEngine } from './api/admin-client';
import { ConnectionCard } from './components/ConnectionCard';
import { ExchangeDetail } from './components/ExchangeDetail';
import { FilterBar } from './components/FilterBar';
import { VerdictSummary } from './components/VerdictSummary';
import { FeedStatus } from './components/FeedStatus';
import { ResourcesView } from './components/ResourcesView';
import { MappingsView } from './components/MappingsView';
import { ReplayView } from './components/ReplayView';
import { SimulateView } from './components/SimulateView';
import { TrafficList } from './components/TrafficList';
import { SessionPicker } from './components/SessionPicker';
import { ImportDropZone } from './components/ImportDropZone';
import { TunnelChangedBanner } from './components/TunnelChangedBanner';
import { WorkspacePicker } from './components/WorkspacePicker';
import { useConnection } from './store/connection';
import { useExchanges } from './store/exchanges';
import { useFaults } from './store/faults';
import { currentSession, useSessions } from './store/sessions';
import { useTunnel } from './store/tunnel';
import { useUi } from './store/ui';
import { QuestionDialog } from './components/QuestionDialog';
import { KeyboardHelp } from './components/KeyboardHelp';
import { SplitPane } from './components/SplitPane';
import { ThemeToggle } from './components/ThemeToggle';
import { FaultsBanner } from './components/faults/FaultsBanner';
import { FaultsView } from './components/faults/FaultsView';

/** The inspector: traffic on the left, the selected exchange on the right, the connection card a tab away. */
export function App() {
  const { client, error, connected, failed } = useConnection();
  const reconnects = useConnection((state) => state.reconnects);
  const { view, setView } = useUi();
  // Only the live session's name: a change of counts (each read while traffic arrives) must not render the whole inspector again.
  const recordingInto = useSessions((state) => currentSession(state.sessions)?.name);

  useEffect(() => {
    connectToEngine()
      .then(async (result) => {
        if ('error' in result) return failed(result.error);
        const info = await result.client.info();
        connected(result.client, { scimBaseUrl: result.scimBaseUrl ?? info.scimBaseUrl, scimToken: result.scimToken ?? info.token });
      })
      .catch((reason: unknown) => failed(`Could not reach the engine: ${String(reason)}`));
  }, [connected, failed]);

  useEffect(() => {
    if (!client) return;
    // The sessions first: the list opens on the live session (the scope they set), not on every session.
    let stop: (() => void) | undefined;
    let stopped = false;
    void useSessions
      .getState()
      .load(client)
      .catch(() => undefined)
      .then(() => {
        // The list and its live feed, searched and scoped by the engine (see store/exchanges.ts).
        if (!stopped) stop = useExchanges.getState().start(client);
      });
    const stopWatching = useSessions.getState().watch(client);
    return () => {
      stopped = true;
      stop?.();
      stopWatching();
    };
  }, [client]);

  // The banner in every view and the held exchanges need the fault rules' state from the start.
  useEffect(() => {
    if (client) useFaults.getState().start(client);
  }, [client]);

  useEffect(() => {
    if (!client || reconnects === 0) return;
    // The engine is back, perhaps restarted on another SCIM port or with a regenerated token: read them again.
    client.info().then(
      (info) => useConnection.getState().scimChanged({ scimBaseUrl: info.scimBaseUrl, scimToken: info.token }),
      () => undefined,
    );
    // What it recorded meanwhile never came through the feed.
    void useSessions
      .getState()
      .load(client)
      .catch(() => undefined);
    void useExchanges.getState().reload(client);
  }, [client, reconnects]);

  useEffect(() => {
    if (!client) return;
    // A tunnel can reconnect at a new public URL at any moment: look every few seconds.
    const refresh = () => void useTunnel.getState().refresh(client);
    refresh();
    const timer = setInterval(refresh, 3000);
    return () => clearInterval(timer);
  }, [client]);

  if (error)
    return (
      <main className="page error" role="alert">
        {error}
      </main>
    );
  if (!client) return <main className="page">Connecting to the SCIM engine…</main>;
  return (
    <div className="app">
      <header>
        <h1>SCIM Workbench</h1>
        <WorkspacePicker />
        <nav>
          <button aria-pressed={view === 'traffic'} onClick={() => setView('traffic')}>
            Traffic
          </button>
          <button aria-pressed={view === 'resources'} onClick={() => setView('resources')}>
            Resources
          </button>
          <button aria-pressed={view === 'mappings'} onClick={() => setView('mappings')}>
            Mappings
          </button>
          <button aria-pressed={view === 'replay'} onClick={() => setView('replay')}>
            Replay
          </button>
          <button aria-pressed={view === 'simulate'} onClick={() => setView('simulate')}>
            Simulate
          </button>
          <button aria-pressed={view === 'faults'} onClick={() => setView('faults')}>
            Faults
          </button>
          <button aria-pressed={view === 'connection'} onClick={() => setView('connection')}>
            Connection
          </button>
        </nav>
        <FeedStatus />
        <span className="session" title="The session live traffic is recorded into">
          {recordingInto !== undefined ? `Recording into: ${recordingInto}` : ''}
        </span>
        <KeyboardHelp />
        <ThemeToggle />
      </header>
      <TunnelChangedBanner />
      <FaultsBanner />
      <QuestionDialog />
      {view === 'connection' ? (
        <ConnectionCard />
      ) : view === 'resources' ? (
        <ResourcesView />
      ) : view === 'mappings' ? (
        <MappingsView />
      ) : view === 'replay' ? (
        <ReplayView />
      ) : view === 'simulate' ? (
        <SimulateView />
      ) : view === 'faults' ? (
        <FaultsView />
      ) : (
        <SplitPane id="traffic" as="main" className="workspace" label="Resize the traffic list" defaultPercent={64} minFirst={420} minSecond={340}>
          <section className="left">
            <SessionPicker />
            <FilterBar />
            <VerdictSummary />
            <ImportDropZone>
              <TrafficList />
            </ImportDropZone>
          </section>
          <ExchangeDetail />
        </SplitPane>
      )}
    </div>
  );
}
