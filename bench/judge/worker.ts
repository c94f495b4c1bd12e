// A worker thread of the judge bench: simulates the releases it is given, each under every rule
// (simulateRollouts), and posts their outcomes.
import { parentPort, workerData } from 'node:worker_threads';
import type { JudgeLooks } from '../../release-tools/src/domain/stats/judge-result.ts';
import { SCENARIOS } from './scenarios.ts';
import { type RolloutOutcome, simulateRollouts } from './simulate-rollout.ts';

export interface Job {
  readonly scenario: number;
  readonly rules: readonly JudgeLooks[];
  readonly seeds: readonly number[];
}

export interface JobDone {
  readonly scenario: number;
  /** Per rule, the outcomes of the job's seeds in order. */
  readonly outcomes: Partial<Record<JudgeLooks, RolloutOutcome[]>>;
}

const jobs = (workerData as { jobs: Job[] }).jobs;
for (const job of jobs) {
  const outcomes: Partial<Record<JudgeLooks, RolloutOutcome[]>> = Object.fromEntries(job.rules.map((r) => [r, []]));
  for (const seed of job.seeds) {
    const byRule = await simulateRollouts(SCENARIOS[job.scenario]!, job.rules, seed);
    for (const rule of job.rules) outcomes[rule]!.push(byRule.get(rule)!);
  }
  parentPort!.postMessage({ scenario: job.scenario, outcomes } satisfies JobDone);
}
