// The judge bench's scenarios: what differs between candidate and stable, if anything.
import type { Scenario } from './simulate-rollout.ts';

const same = (ms: number) => ms;

export const SCENARIOS: readonly Scenario[] = [
  { name: 'A/A', metric: 'latency', candidateLatency: same, stableErrorRate: 0, candidateErrorRate: 0, worse: false },
  {
    name: 'A/A, common drift x1.5 at step 2',
    metric: 'latency',
    candidateLatency: same,
    stableErrorRate: 0,
    candidateErrorRate: 0,
    commonDriftAtStep2: 1.5,
    worse: false,
  },
  {
    name: 'latency +40 ms',
    metric: 'latency',
    candidateLatency: (ms) => ms + 40,
    stableErrorRate: 0,
    candidateErrorRate: 0,
    worse: true,
  },
  {
    name: 'latency x1.10',
    metric: 'latency',
    candidateLatency: (ms) => ms * 1.1,
    stableErrorRate: 0,
    candidateErrorRate: 0,
    worse: true,
  },
  {
    name: 'latency x1.05',
    metric: 'latency',
    candidateLatency: (ms) => ms * 1.05,
    stableErrorRate: 0,
    candidateErrorRate: 0,
    worse: true,
  },
  {
    name: 'errors A/A 1% vs 1%',
    metric: 'error-rate',
    candidateLatency: same,
    stableErrorRate: 0.01,
    candidateErrorRate: 0.01,
    worse: false,
  },
  {
    name: 'errors 1% -> 2%',
    metric: 'error-rate',
    candidateLatency: same,
    stableErrorRate: 0.01,
    candidateErrorRate: 0.02,
    worse: true,
  },
];
