import { useEffect, useState } from 'react';
import type { RecordedExchange } from '../../../shared/recording';
import type { SingleReplayResponse } from '../../../shared/replay';
import { pathFromScimBase } from '../../../shared/scim-paths';
import { useConnection } from '../store/connection';
import { useSelection } from '../store/selection';
import { useUi } from '../store/ui';
import { JsonView } from './JsonView';
import { ErrorCompare } from './ErrorCompare';
import './replay-tab.css';

const HIDDEN = new Set(['authorization', 'cookie', 'host', 'content-length', 'connection', 'accept-encoding']);

/** "Replay" and "Edit and replay": the exchange sent again to its workspace, the two answers side by side. */
export function ReplayTab({ exchange }: { exchange: RecordedExchange }) {
  const client = useConnection((state) => state.client);
  const select = useSelection((state) => state.select);
  const setTab = useUi((state) => state.setTab);
  const [editing, setEditing] = useState(false);
  const [method, setMethod] = useState(exchange.request.method);
  const [path, setPath] = useState(pathFromScimBase(exchange.request.url));
  const [headers, setHeaders] = useState(
    exchange.request.headers
      .filter(([name]) => !HIDDEN.has(name))
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
  );
  const [body, setBody] = useState(exchange.request.body ?? '');
  const [result, setResult] = useState<SingleReplayResponse>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setResult(undefined), [exchange.id]);
  if (!client) return null;

  const run = async (edited: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const edit = edited
        ? {
            method,
            path,
            body: body === '' ? null : body,
            headers: Object.fromEntries(
              headers
                .split('\n')
                .map((line) => /^([^:]+):\s*(.*)$/.exec(line.trim()))
                .filter((m): m is RegExpExecArray => m !== null)
                .map((m) => [m[1]!.trim(), m[2]!]),
            ),
          }
        : undefined;
      setResult(await client.replayExchange(exchange.id, edit ? { edit } : {}));
    } catch (reason) {
      setError((reason as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="replay-tab">
      <p className="hint">
        Sends this request again to workspace “{exchange.workspace}” with its current token; the new exchange is recorded and linked to #{exchange.id}.
      </p>
      <div className="tunnel-actions">
        {/* aria-disabled, not disabled: a disabled button drops the keyboard's focus to the page. */}
        <button type="button" aria-disabled={busy} onClick={() => !busy && void run(false)}>
          Replay
        </button>
        <button type="button" aria-pressed={editing} onClick={() => setEditing(!editing)}>
          Edit and replay…
        </button>
      </div>
      {editing && (
        <div className="replay-edit" aria-label="Edit request">
          <label>
            Method{' '}
            <select aria-label="Method" value={method} onChange={(event) => setMethod(event.target.value)}>
              {['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label>
            Path <input aria-label="Path" value={path} onChange={(event) => setPath(event.target.value)} />
          </label>
          <label>
            Headers <textarea aria-label="Headers" rows={4} value={headers} onChange={(event) => setHeaders(event.target.value)} />
          </label>
          <label>
            Body <textarea aria-label="Body" rows={10} value={body} onChange={(event) => setBody(event.target.value)} />
          </label>
          <button type="button" aria-disabled={busy} onClick={() => !busy && void run(true)}>
            Send edited request
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div data-testid="replay-result">
          <p>
            <strong>{result.step.matched ? 'Same answer as recorded.' : `${result.step.differences.length} difference(s) from the recording.`}</strong>{' '}
            {result.exchangeId !== undefined && (
              <button
                type="button"
                onClick={() => {
                  setTab('summary');
                  void select(client, result.exchangeId!);
                }}
              >
                Open the new exchange #{result.exchangeId}
              </button>
            )}
          </p>
          <ErrorCompare recorded={result.recorded} replayed={result.replayed} />
          {result.step.differences.length > 0 && (
            <ul className="differences">
              {result.step.differences.map((difference, index) => (
                <li key={index}>{difference.message}</li>
              ))}
            </ul>
          )}
          <div className="side-by-side">
            <div>
              <h4>Recorded · {result.recorded.status}</h4>
              <JsonView label="Recorded response" text={result.recorded.body} />
            </div>
            <div>
              <h4>Replayed · {result.replayed.status ?? result.step.error}</h4>
              <JsonView label="Replayed response" text={result.replayed.body} />
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
