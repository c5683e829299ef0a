import type { IntervalPattern, ReactionAttempt, RetryAfterUse } from '../../shared/reaction';

/** Each wait at least this much longer than the one before: backing off. */
const GROWTH = 1.2;
/** The longest wait at most this much longer than the shortest: evenly spaced. */
const FLAT_SPREAD = 1.25;
/**
 * How much earlier than Retry-After a retry may start and still count as honouring it: recorded
 * times have millisecond precision and the server stamps the arrival, not the sending.
 */
const RETRY_AFTER_TOLERANCE_MS = 20;

/** Whether the waits between attempts grow (backoff), stay level (flat) or neither. */
export function intervalPattern(intervalsMs: readonly number[]): IntervalPattern {
  if (intervalsMs.length < 2) return 'single';
  if (intervalsMs.every((interval, index) => index === 0 || interval >= intervalsMs[index - 1]! * GROWTH)) return 'backoff';
  const shortest = Math.min(...intervalsMs);
  const longest = Math.max(...intervalsMs);
  if (longest <= Math.max(shortest, 1) * FLAT_SPREAD) return 'flat';
  return 'irregular';
}

/** Whether each retry waited at least as long as the answer before it asked with Retry-After. */
export function retryAfterUse(attempts: readonly ReactionAttempt[], intervalsMs: readonly number[]): RetryAfterUse {
  let asked = 0;
  let kept = 0;
  intervalsMs.forEach((interval, index) => {
    const seconds = attempts[index]!.retryAfterSeconds;
    if (seconds === undefined) return;
    asked += 1;
    if (interval >= seconds * 1000 - RETRY_AFTER_TOLERANCE_MS) kept += 1;
  });
  if (asked === 0) return 'not-sent';
  return kept === asked ? 'honoured' : kept === 0 ? 'ignored' : 'partly';
}
