// Size of the pure judge, without the controller: how often each rule rolls back a candidate
// identical to stable, on strata drawn as the canary of models.yaml makes them (1 s strata, 10% of
// 50 req/s for 30 s then 50% for 30 s, lognormal latency in the histogram's buckets, 1% errors on
// both tracks), with looks every 5 s from minRequests candidate requests on. Cheap enough for
// 20,000 replications: `npx tsx bench/judge/size-check.ts [replications]`.
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../local/src/example-models/prng.ts';
import type { Judge } from '../../model-registry/src/domain/manifest/types.ts';
import { informationFraction } from '../../release-tools/src/domain/gates/information-fraction.ts';
import { judgeStrata } from '../../release-tools/src/domain/gates/judge.ts';
import type { EvidenceStratum, TrackCounts } from '../../release-tools/src/domain/stats/evidence.ts';
import type { JudgeLooks } from '../../release-tools/src/domain/stats/judge-result.ts';
import { emptyHistogram, latencyBucketOf } from '../../release-tools/src/domain/stats/latency-histogram.ts';
import { wilson } from './intervals.ts';

const RATE = 50;
const PLAN = {
  mode: 'weighted',
  steps: [
    { weight: 10, holdMs: 30_000 },
    { weight: 50, holdMs: 30_000 },
  ],
} as const;
const STARTS = [
  { step: 0, at: 0 },
  { step: 1, at: 30_000 },
];
const MIN_REQUESTS = 100;
const LOOK_EVERY_MS = 5_000;
const ALPHA = 0.05;

export type SizeRule = Exclude<JudgeLooks, 'every-tick-fixed'>;

/** One canary's strata with no difference between the tracks. */
export function nullCanary(random: () => number, errorRate: number): EvidenceStratum[] {
  const strata: EvidenceStratum[] = [];
  for (const { step, at } of STARTS) {
    const share = PLAN.steps[step]!.weight / 100;
    for (let second = 0; second < PLAN.steps[step]!.holdMs / 1000; second++) {
      const tracks = [blank(), blank()];
      for (let i = 0; i < RATE; i++) {
        const t = tracks[random() < share ? 0 : 1]!;
        t.requests++;
        if (random() < errorRate) t.errors++;
        const u = 1 - random();
        const latency = 20 * Math.exp(0.5 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random()));
        t.latencyBuckets[latencyBucketOf(latency)]!++;
      }
      strata.push({ start: at + second * 1000, candidate: tracks[0]!, stable: tracks[1]! });
    }
  }
  return strata;
}

function blank(): TrackCounts & { requests: number; errors: number; latencyBuckets: number[] } {
  return { requests: 0, errors: 0, latencyBuckets: emptyHistogram() };
}

/** Whether the rule rolls the canary back at some look (one-look: at the end only). */
export function rollsBack(judge: Judge, rule: SizeRule, strata: readonly EvidenceStratum[]): boolean {
  const end = STARTS.at(-1)!.at + PLAN.steps.at(-1)!.holdMs;
  const fractionAt = (at: number) => informationFraction(PLAN, STARTS, at);
  let candidates = 0;
  let seen = 0;
  for (let at = LOOK_EVERY_MS; at <= end; at += LOOK_EVERY_MS) {
    while (seen < strata.length && strata[seen]!.start < at) candidates += strata[seen++]!.candidate.requests;
    // The gate gives no verdict below minRequests, and one look is read only at the end.
    if (candidates < MIN_REQUESTS || (rule === 'one-look' && at < end)) continue;
    const schedule = { since: 0, now: at, lookEveryMs: LOOK_EVERY_MS, fractionAt };
    const result = judgeStrata(judge, strata.slice(0, seen), { looks: rule, minRequests: MIN_REQUESTS, schedule });
    if (result.candidateWorse) return true;
  }
  return false;
}

export function measureSize(replications: number, seed = 1) {
  const random = mulberry32(seed);
  const rules: SizeRule[] = ['one-look', 'sequential', 'alpha-spending'];
  const judges: Judge[] = [
    { metric: 'latency', test: 'sequential-rank', alpha: ALPHA },
    { metric: 'error-rate', test: 'sequential-binomial', alpha: ALPHA },
  ];
  const rejected = new Map<string, number>();
  for (let r = 0; r < replications; r++) {
    const strata = nullCanary(random, 0.01);
    for (const judge of judges)
      for (const rule of rules) {
        const key = `${judge.metric} ${rule}`;
        if (rollsBack(judge, rule, strata)) rejected.set(key, (rejected.get(key) ?? 0) + 1);
      }
  }
  return judges.flatMap((judge) =>
    rules.map((rule) => {
      const key = `${judge.metric} ${rule}`;
      return { metric: judge.metric, rule, ...wilson(rejected.get(key) ?? 0, replications), replications };
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const replications = Number(process.argv[2] ?? 20_000);
  const started = performance.now();
  for (const row of measureSize(replications)) {
    const pct = (p: number) => `${(p * 100).toFixed(2)}%`;
    console.log(`${row.metric} ${row.rule}: ${pct(row.p)} [${pct(row.low)}, ${pct(row.high)}] of ${row.replications}`);
  }
  console.log(`${((performance.now() - started) / 1000).toFixed(0)} s`);
}
