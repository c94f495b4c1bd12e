// A valid models.yaml used as the base for table and property tests.
export const VALID = `apiVersion: mlrelease/v1
endpoint:
  name: scoring-mme
  instanceType: ml.c5.xlarge
  instances: { min: 1, max: 4 }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps:
      - { weight: 10, bake: 5m }
      - { weight: 50, bake: 5m }
    gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 100 }
models:
  - name: fraud-detector
    version: 1.3.0
    artifact: models/fraud-detector/1.3.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30] }
  - name: churn-scorer
    version: 2.0.0
    artifact: s3://my-models/churn-scorer/2.0.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 12] }
    release:
      strategy: ab
      split: 50
      sticky: header:x-user-id
      duration: 24h
      judge: { metric: latency, test: mann-whitney, alpha: 0.05 }
`;

/** Replaces the first occurrence of `from` in VALID; fails loudly if the fixture drifted. */
export function mutate(from: string, to: string): string {
  if (!VALID.includes(from)) throw new Error(`fixture does not contain ${JSON.stringify(from)}`);
  return VALID.replace(from, to);
}
