import { useEffect, useState } from 'react';
import { FAULT_SCIM_TYPES, type FaultScimType, type HeldExchange } from '../../../../shared/faults';
import { heldEditForm, heldRelease, secondsLeft } from '../../faults/held-edit';
import { statusWords } from '../../faults/rule-words';
import { useConnection } from '../../store/connection';
import { useFaults } from '../../store/faults';

const CLIENT_NAMES = { okta: 'Okta', entra: 'Entra ID', onelogin: 'OneLogin', workbench: 'the workbench', other: 'another client' } as const;

/** The statuses a held exchange can be failed with. */
const FAIL_STATUSES = [400, 401, 403, 404, 409, 412, 413, 429, 500, 501, 503];

/** The exchanges held at breakpoints now, oldest first, live from the feed. */
export function HeldPanel() {
  const held = useFaults((state) => state.held);
  const now = useNow(held.length > 0);
  if (held.length === 0) return null;
  return (
    <section aria-labelledby="held-title" className="held-panel">
      <h2 id="held-title">Held at breakpoints ({held.length})</h2>
      {held.map((each) => (
        <HeldCard key={each.id} held={each} now={now} />
      ))}
    </section>
  );
}

/** The time, once a second while something counts down. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/**
 * One held exchange: what was held (the request, or the engine's answer), editable — the JSON body,
 * the headers, an answer's status — and released edited (Ctrl+Enter in the editor), as-is, or
 * failed with a SCIM error. It says when it releases itself.
 */
function HeldCard({ held, now }: { held: HeldExchange; now: number }) {
  const client = useConnection((state) => state.client)!;
  const error = useFaults((state) => state.heldErrors[held.id]);
  const [form, setForm] = useState(() => heldEditForm(held));
  const [problem, setProblem] = useState<string>();
  const [failure, setFailure] = useState<{ status: number; scimType: FaultScimType | '' }>({ status: 400, scimType: 'invalidValue' });
  const { release, fail } = useFaults.getState();
  const left = secondsLeft(held.releaseAt, now);
  const id = `held-${held.id}`;
  const answer = held.stage === 'response' && held.response;
  const title = `${held.request.method} ${held.request.url}`;

  const releaseEdited = () => {
    const outcome = heldRelease(held, form);
    if ('problem' in outcome) return setProblem(outcome.problem);
    setProblem(undefined);
    void release(client, held, outcome.release);
  };

  return (
    <article
      className="held-card"
      aria-labelledby={`${id}-title`}
      data-testid="held-exchange"
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          releaseEdited();
        }
      }}
    >
      <h3 id={`${id}-title`}>
        {answer ? `Answer ${held.response!.status} to ` : ''}
        {title}
      </h3>
      <p className="hint">
        Held at the {held.stage} by rule “{held.ruleName}” in workspace “{held.workspace}”{held.client !== 'other' ? `, from ${CLIENT_NAMES[held.client]}` : ''}
        .{' '}
        <span data-testid="held-countdown" aria-live="off">
          {left > 0 ? `Released as-is in ${left} s.` : 'Being released…'}
        </span>
      </p>
      <div className="held-editor">
        {answer && (
          <label>
            Status
            <input value={form.status} inputMode="numeric" onChange={(event) => setForm({ ...form, status: event.target.value })} />
          </label>
        )}
        <label>
          Headers (one “name: value” a line)
          <textarea rows={4} value={form.headers} spellCheck={false} onChange={(event) => setForm({ ...form, headers: event.target.value })} />
        </label>
        <label>
          {answer ? 'Answer body (JSON)' : 'Request body (JSON)'}
          <textarea
            rows={10}
            value={form.body}
            spellCheck={false}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            onChange={(event) => setForm({ ...form, body: event.target.value })}
          />
        </label>
      </div>
      {(problem || error) && (
        <p id={`${id}-problem`} className="error" role="alert">
          {problem ?? error}
        </p>
      )}
      <div className="tunnel-actions">
        <button type="button" className="primary" onClick={releaseEdited} title="Ctrl+Enter">
          Release edited
        </button>
        <button type="button" onClick={() => void release(client, held, {})}>
          Release as-is
        </button>
        <span className="fail-with">
          <label>
            Fail with{' '}
            <select value={failure.status} onChange={(event) => setFailure({ ...failure, status: Number(event.target.value) })}>
              {FAIL_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {statusWords(status)}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            scimType{' '}
            <select value={failure.scimType} onChange={(event) => setFailure({ ...failure, scimType: event.target.value as FaultScimType | '' })}>
              <option value="">none</option>
              {FAULT_SCIM_TYPES.map((type) => (
                <option key={type}>{type}</option>
              ))}
            </select>
          </label>{' '}
          <button type="button" onClick={() => void fail(client, held, { status: failure.status, ...(failure.scimType && { scimType: failure.scimType }) })}>
            Fail it
          </button>
        </span>
      </div>
    </article>
  );
}
