// The production variants the records still need: every stable and candidate version served as a
// variant, and a registered release about to be warmed on its own. Any other variant is left over
// from a promotion (the old stable), a rollback or abort (the candidate) or a retirement.
import type { RolloutRecord } from './record.ts';

export function variantsInUse(records: Iterable<RolloutRecord>): Set<string> {
  const keep = new Set<string>();
  for (const r of records) {
    if (r.phase === 'Retired') continue;
    if (r.stable?.targetVariant) keep.add(r.stable.targetVariant);
    if (r.candidate?.targetVariant) keep.add(r.candidate.targetVariant);
    // Registered: its variant is being created or warmed, before it becomes a candidate or stable.
    if (r.phase === 'Registered' && r.release.targetVariant) keep.add(r.release.targetVariant);
  }
  return keep;
}
