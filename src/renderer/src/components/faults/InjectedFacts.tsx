import type { RecordedExchange } from '../../../../shared/recording';

const ACTION_WORDS = {
  status: 'error status',
  latency: 'latency',
  timeout: 'time-out',
  drop: 'dropped connection',
  lie: 'lie',
  breakpoint: 'breakpoint',
} as const;

/** The exchange detail's lines on what a fault rule or breakpoint did to it: the rule by name, the action, the outcome. */
export function InjectedFacts({ exchange }: { exchange: RecordedExchange }) {
  const injected = exchange.injected;
  if (!injected) return null;
  return (
    <>
      <dt>Fault injected</dt>
      <dd data-testid="injected-fault">
        <strong>{ACTION_WORDS[injected.action]}</strong> by rule “{injected.ruleName}”: {injected.summary}
        {injected.stage ? ` (at the ${injected.stage}${injected.outcome ? `, ${injected.outcome}` : ''})` : ''}
      </dd>
    </>
  );
}
