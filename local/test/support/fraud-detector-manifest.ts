// The one-model models.yaml the child-process reliability tests start `npm start` on: the example
// fraud-detector 1.2.0, released all at once.
export const FRAUD_DETECTOR_MANIFEST = `apiVersion: mlrelease/v1
endpoint: { name: scoring-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 1 } }
defaults:
  compile: { target: ml_c5 }
  release: { strategy: all-at-once, gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 100 } }
models:
  - name: fraud-detector
    version: 1.2.0
    artifact: models/fraud-detector/1.2.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30], maxBatch: 64 }
`;
