// A worker thread of the judge bench: simulates the rollouts it is given and posts their outcomes.
import { parentPort, workerData } from 'node:worker_threads';
import type { JudgeLooks } from '../../release-tools/src/domain/stats/judge-result.ts';
import { SCENARIOS } from './scenarios.ts';
import { type RolloutOutcome, simulateRollout } from './simulate-rollout.ts';

export interface Job {
  readonly scenario: number;
  readonly looks: JudgeLooks;
  readonly seeds: readonly number[];
}

const jobs = (workerData as { jobs: Job[] }).jobs;
for (const job of jobs) {
  const outcomes: RolloutOutcome[] = [];
  for (const seed of job.seeds) outcomes.push(await simulateRollout(SCENARIOS[job.scenario]!, job.looks, seed));
  parentPort!.postMessage({ scenario: job.scenario, looks: job.looks, outcomes });
}
