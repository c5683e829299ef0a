import { Type } from 'typebox';
import { FAULT_ACTION_KINDS, HELD_OUTCOME_KINDS, type InjectedFault } from '../../shared/faults';
import { lazyValidator } from '../schema-problem';

/** `injected` as this workbench writes it into session files and HAR entries (see shared/faults.ts). */
const InjectedSchema = Type.Object({
  ruleId: Type.Integer(),
  ruleName: Type.String(),
  action: Type.Union(FAULT_ACTION_KINDS.map((kind) => Type.Literal(kind))),
  summary: Type.String(),
  stage: Type.Optional(Type.Union([Type.Literal('request'), Type.Literal('response')])),
  outcome: Type.Optional(Type.Union(HELD_OUTCOME_KINDS.map((kind) => Type.Literal(kind)))),
});
const validator = lazyValidator(InjectedSchema);

/**
 * What a fault injected into an imported exchange, read leniently like the file's other workbench
 * fields: kept when it has the shape this workbench writes (its free text scrubbed like the
 * operation's), else left out, so an older file or a HAR from elsewhere imports as it always did.
 */
export function importedInjected(value: unknown, scrub: (text: string) => string): InjectedFault | undefined {
  if (value === undefined || !validator().Check(value)) return undefined;
  const injected = value as InjectedFault;
  return {
    ruleId: injected.ruleId,
    ruleName: scrub(injected.ruleName),
    action: injected.action,
    summary: scrub(injected.summary),
    ...(injected.stage !== undefined && { stage: injected.stage }),
    ...(injected.outcome !== undefined && { outcome: injected.outcome }),
  };
}
