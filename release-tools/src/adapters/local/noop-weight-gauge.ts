// Locally the dashboard reads weights from the route table itself, so there is nothing to emit.
import type { WeightGauge } from '../../ports/weight-gauge.ts';

export const noopWeightGauge: WeightGauge = { set: async () => undefined };
