// A model spec on a one-step 10% canary with default gates: the smallest release the rollout
// operations accept, for domain tests that drive holds and rollbacks.
import type { ModelSpec } from '../../../model-registry/src/domain/manifest/types.ts';

export const canarySpec = (version: string): ModelSpec =>
  ({
    name: 'm',
    version,
    artifact: `models/m/${version}/model.onnx`,
    framework: 'onnx',
    input: { name: 'x', dtype: 'float32', shape: [-1, 2] },
    release: {
      strategy: 'canary',
      steps: [{ weight: 10, bakeMs: 1_000 }],
      gates: { maxErrorRate: 0.01, maxP99LatencyMs: 100, minRequests: 10, alarms: [] },
    },
  }) as unknown as ModelSpec;
