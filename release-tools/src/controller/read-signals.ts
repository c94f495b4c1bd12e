// Gate signals for one rollout: candidate and stable metric windows over the same span (since
// traffic reached the candidate), both tracks' counts per time stratum for the judge, and the
// candidate track's alarms plus the policy's own.
import { candidateAlarms } from '../domain/alarms/alarm-names.ts';
import type { GateSignals } from '../domain/gates/assess-gates.ts';
import type { RolloutRecord } from '../domain/rollout/record.ts';
import { pairStrata } from '../domain/stats/evidence.ts';
import type { DeadLetterReader } from '../ports/dead-letters.ts';
import type { AlarmReader, MetricsReader } from '../ports/metrics.ts';
import type { MirrorReader } from '../ports/mirrored-pairs.ts';

export async function readSignals(
  r: RolloutRecord,
  now: number,
  metrics: MetricsReader,
  alarms: AlarmReader,
  /** Where the plane records mirrored pairs (shadow releases). */
  mirror?: MirrorReader,
  /** Where the plane reads the candidate's dead letters (async path). */
  deadLetters?: DeadLetterReader,
): Promise<GateSignals> {
  const since = r.trafficSince ?? r.stepSince ?? now;
  const own = candidateAlarms(r.model);
  const candidateQuery = { model: r.model, track: 'candidate', version: r.release.version, since, until: now } as const;
  const stableQuery = {
    model: r.model,
    track: 'stable',
    ...(r.stable ? { version: r.stable.version } : {}),
    since,
    until: now,
  } as const;
  // The judge needs no strata when there is no judge.
  const judged = r.policy.judge !== undefined;
  const mirrored =
    mirror && r.policy.gates.maxDivergence
      ? mirror.pairs({ model: r.model, candidateVersion: r.release.version, since, until: now })
      : undefined;
  const dead = deadLetters?.deadLetters({ model: r.model, version: r.release.version, since, until: now });
  const [candidate, stable, candidateStrata, stableStrata, states, pairs, letters] = await Promise.all([
    metrics.window(candidateQuery),
    metrics.window(stableQuery),
    judged ? metrics.strata(candidateQuery) : [],
    judged ? metrics.strata(stableQuery) : [],
    alarms.states([...own, ...r.policy.gates.alarms]),
    mirrored,
    dead,
  ]);
  // The candidate track's own alarm, ALARM since before this rollout's traffic began, speaks about an
  // earlier candidate. An external alarm (gates.alarms) already firing speaks about now: it blocks.
  const current = states.map((a, i) =>
    i < own.length && a.state === 'ALARM' && a.since < since ? { ...a, state: 'OK' as const } : a,
  );
  return {
    candidate,
    stable,
    strata: pairStrata(candidateStrata, stableStrata),
    alarms: current,
    ...(pairs ? { mirror: pairs } : {}),
    ...(letters
      ? {
          deadLetters: {
            version: r.release.version,
            count: letters.count,
            ...(letters.oldestAt !== undefined ? { oldestAgeMs: Math.max(0, now - letters.oldestAt) } : {}),
            requestIds: letters.requestIds,
          },
        }
      : {}),
  };
}
