import { formatInterval, type ReactionTimeline as Timeline, type RepeatedOperation } from '../../../shared/reaction';
import { useConnection } from '../store/connection';
import { useSelection } from '../store/selection';
import { useUi } from '../store/ui';
import './reaction-timeline.css';

const statusClass = (status: number) => (status === 0 || status >= 400 ? 'failed' : 'ok');

/** Each attempt and follow-up as a mark on a line, the waits between them as its lengths; a mark opens its exchange in Traffic. */
function Track({ operation }: { operation: RepeatedOperation }) {
  const client = useConnection((state) => state.client)!;
  const select = useSelection((state) => state.select);
  const setView = useUi((state) => state.setView);
  const open = (exchangeId: number) => {
    void select(client, exchangeId);
    setView('traffic');
  };
  const start = Date.parse(operation.attempts[0]!.at);
  const marks = [
    ...operation.attempts.map((attempt, index) => ({ ...attempt, label: `${index + 1}. ${attempt.status || 'no answer'}`, followUp: false })),
    ...operation.followUps.map((followUp) => ({ ...followUp, label: `${followUp.method} ${followUp.status || 'no answer'}`, followUp: true })),
  ];
  const longest = Math.max(1, ...marks.map((mark, index) => (index === 0 ? 0 : Date.parse(mark.at) - Date.parse(marks[index - 1]!.at))));
  return (
    <ol className="reaction-track" aria-label={`Attempts: ${operation.action}`}>
      {marks.map((mark, index) => {
        const wait = index === 0 ? 0 : Date.parse(mark.at) - Date.parse(marks[index - 1]!.at);
        return (
          <li key={mark.exchangeId} style={{ flexGrow: index === 0 ? 0 : 1 + (4 * wait) / longest }}>
            {index > 0 && <span className="reaction-wait">{formatInterval(wait)}</span>}
            <button
              type="button"
              className={`reaction-mark ${statusClass(mark.status)}${mark.followUp ? ' follow-up' : ''}`}
              title={`${mark.followUp ? 'Next request' : 'Attempt'} at +${formatInterval(Date.parse(mark.at) - start)}: open it in Traffic`}
              onClick={() => open(mark.exchangeId)}
            >
              {mark.label}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

/** The operations an IdP repeated, each as its sentence and its track; MODELLED where the simulator sent them. */
export function ReactionTimeline({ timeline, empty }: { timeline: Timeline; empty: string }) {
  if (timeline.operations.length === 0) return <p className="hint">{empty}</p>;
  return (
    <>
      {timeline.total > timeline.operations.length && (
        <p className="hint">
          The first {timeline.operations.length} of {timeline.total} operations.
        </p>
      )}
      <ul className="reaction-operations" aria-label="Repeated operations">
        {timeline.operations.map((operation) => (
          <li key={operation.attempts[0]!.exchangeId} data-testid="reaction-operation">
            <p className="reaction-sentence">
              {operation.modelled && (
                <span className="reaction-modelled" title="Sent by the simulator's model of this IdP, not by a real IdP">
                  MODELLED
                </span>
              )}{' '}
              {operation.modelled ? operation.sentence.replace(/^Modelled: /, '') : operation.sentence}
            </p>
            <Track operation={operation} />
          </li>
        ))}
      </ul>
    </>
  );
}
