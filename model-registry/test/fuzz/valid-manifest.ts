// The seed every structural and textual mutation starts from: valid, and touching every strategy,
// flow and block style, comments, defaults and per-model overrides.
export const VALID_MANIFEST = `# desired state
apiVersion: mlrelease/v1
endpoint:
  name: scoring-mme
  instanceType: ml.c5.xlarge
  instances: { min: 1, max: 4 }
  targetInvocationsPerInstance: 300
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps:
      - { weight: 10, bake: 30s }
      - weight: 50%
        bake: 5m
    gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 100, alarms: [p99-alarm] }
    judge: { metric: latency, test: mann-whitney, alpha: 0.05 }
models:
  - name: fraud-detector
    version: 1.3.0
    artifact: models/fraud-detector/1.3.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30], maxBatch: 32 }
  - name: churn-scorer
    version: 2.0.0-rc.1
    artifact: s3://my-bucket/models/churn/model.onnx
    framework: onnx
    input:
      name: features
      dtype: float64
      shape: [-1, 12]
    release:
      strategy: ab
      split: 50
      sticky: header:x-user-id
      duration: 24h
      judge: { metric: error-rate, test: two-proportion, alpha: 0.01 }
  - name: ranker
    version: 0.1.0
    artifact: models/ranker/model.onnx
    framework: pytorch
    input: { name: x, dtype: int64, shape: [-1, 4, 4] }
    compile: { target: ml_c6g }
    release: { strategy: linear, increment: 20%, interval: 2m }
  - name: spam
    version: 3.1.4
    artifact: models/spam/model.onnx
    framework: xgboost
    input: { name: x, dtype: int32, shape: [-1, 8] }
    release: { strategy: all-at-once, gates: { maxErrorRate: 0.5%, maxP99LatencyMs: 50, minRequests: 1 } }
`;
