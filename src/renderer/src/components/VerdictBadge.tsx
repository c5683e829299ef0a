import { flaggedCount, verdictBadgeLabel, type VerdictCounts } from '../../../shared/verdicts';

/** A traffic row's count of verdict findings (errors and warnings), named for screen readers: "2 verdict findings". */
export function VerdictBadge({ counts }: { counts?: VerdictCounts }) {
  if (!counts || flaggedCount(counts) === 0) return null;
  const label = verdictBadgeLabel(counts);
  return (
    <span className={`verdict-badge ${counts.error > 0 ? 'verdict-error' : 'verdict-warning'}`} role="img" aria-label={label} title={label}>
      {flaggedCount(counts)}
    </span>
  );
}
