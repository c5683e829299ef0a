import { formatInterval, type RepeatedOperation } from '../../shared/reaction';
import type { ClientKind } from '../../shared/recording';
import type { OperationTarget } from './operation-target';

const CLIENT_NAMES: Record<ClientKind, string> = {
  okta: 'Okta',
  entra: 'Entra',
  onelogin: 'OneLogin',
  workbench: 'The workbench',
  other: 'The client',
};

function noun(target: OperationTarget): string {
  return target.resourceType === 'User' ? 'user' : target.resourceType === 'Group' ? 'group' : 'resource';
}

/** "creating user jane@acme.com", "looking up group Sales", "deactivating…" is beyond what a method says: "updating". */
function actionOf(method: string, target: OperationTarget): string {
  const what = `${noun(target)} ${target.subject}`;
  switch (method) {
    case 'POST':
      return target.by === 'new' ? `creating ${what}` : `sending POST ${target.subject}`;
    case 'PUT':
      return `replacing ${what}`;
    case 'PATCH':
      return `updating ${what}`;
    case 'DELETE':
      return `deleting ${what}`;
    default:
      if (target.by === 'filter') return `looking up ${noun(target)} ${target.subject}`;
      if (target.by === 'list') return `listing ${target.subject || 'resources'}`;
      return `reading ${what}`;
  }
}

function doneOf(method: string, target: OperationTarget): string {
  switch (method) {
    case 'POST':
      return `created the ${noun(target)}`;
    case 'PUT':
    case 'PATCH':
      return `updated the ${noun(target)}`;
    case 'DELETE':
      return `deleted the ${noun(target)}`;
    default:
      return 'got its answer';
  }
}

/** A request after giving up, in words: "looked the user up by userName", "updated it with PATCH (200)". */
export function describeFollowUp(method: string, target: OperationTarget, status: number): string {
  const answered = ` (${status || 'no answer'})`;
  switch (method.toUpperCase()) {
    case 'GET':
      if (target.by === 'filter') return `looked the ${noun(target)} up by ${target.filterAttribute ?? 'filter'}${answered}`;
      return `read the ${noun(target)}${answered}`;
    case 'POST':
      return `created it again${answered}`;
    case 'PUT':
      return `replaced it with PUT${answered}`;
    case 'PATCH':
      return `updated it with PATCH${answered}`;
    case 'DELETE':
      return `deleted it${answered}`;
    default:
      return `sent ${method}${answered}`;
  }
}

/** The answers that made the client try again, folded: "429 ×2, 503". */
function triggers(statuses: readonly number[]): string {
  const runs: string[] = [];
  let index = 0;
  while (index < statuses.length) {
    let end = index;
    while (end + 1 < statuses.length && statuses[end + 1] === statuses[index]) end += 1;
    const label = statuses[index] === 0 ? 'no answer' : String(statuses[index]);
    runs.push(end > index ? `${label} ×${end - index + 1}` : label);
    index = end + 1;
  }
  return runs.join(', ');
}

const PATTERN_WORDS = { backoff: ', backing off', flat: ', evenly spaced', irregular: '', single: '' } as const;
const RETRY_AFTER_WORDS = {
  'not-sent': '',
  honoured: ', honouring Retry-After',
  ignored: ', sooner than Retry-After asked',
  partly: ', honouring Retry-After only some of the time',
} as const;

/** The operation's action and its story in one sentence. */
export function describeOperation(operation: Omit<RepeatedOperation, 'sentence' | 'action'>, target: OperationTarget): { action: string; sentence: string } {
  const action = actionOf(operation.method, target);
  const client = CLIENT_NAMES[operation.client];
  const statuses = operation.attempts.map((attempt) => attempt.status);
  const failed = operation.outcome === 'succeeded' ? statuses.slice(0, -1) : statuses;
  const retries = operation.attempts.length - 1;
  let sentence =
    retries === 0
      ? `${client} got ${triggers(failed)} ${action} and did not retry`
      : `${client} retried ${action} ${retries}× at ${operation.intervalsMs.map(formatInterval).join(', ')} after ${triggers(failed)}${PATTERN_WORDS[operation.pattern]}${RETRY_AFTER_WORDS[operation.retryAfter]}`;
  if (operation.outcome === 'succeeded') sentence += `, then ${doneOf(operation.method, target)}`;
  else if (operation.outcome === 'gave-up') {
    sentence += retries === 0 ? '' : ', then gave up';
    if (operation.followUps.length > 0) sentence += `; next it ${operation.followUps.map((followUp) => followUp.what).join(', then ')}`;
  } else {
    sentence += `, then sent nothing more`;
    if (operation.client === 'entra') sentence += ' (Entra quarantines a provisioning job whose requests keep failing)';
  }
  return { action, sentence: `${operation.modelled ? 'Modelled: ' : ''}${sentence}.` };
}
