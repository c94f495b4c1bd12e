// The models.yaml the demo runs on: a copy in the state dir (the user's file is never touched),
// with short bakes so a canary promotion and an automatic rollback fit in about two minutes.
export const DEMO_RELEASE = {
  model: 'fraud-detector',
  good: { version: '1.1.0', artifact: 'models/fraud-detector/1.1.0/model.onnx' },
  /** Fails at inference (a runtime shape error): its error rate trips the gates. */
  bad: { version: '1.3.0', artifact: 'models/fraud-detector/1.3.0/model.onnx' },
} as const;

export const DEMO_MANIFEST = `# Demo copy of models.yaml, written by \`npm start -- --demo\`.
apiVersion: mlrelease/v1
endpoint:
  name: scoring-mme
  instanceType: ml.c5.xlarge
  instances: { min: 1, max: 4 }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps:
      - { weight: 20, bake: 10s }
      - { weight: 50, bake: 10s }
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 250, minRequests: 20 }
    judge: { metric: error-rate, test: sequential-binomial, alpha: 0.01 }
models:
  - name: fraud-detector
    version: 1.0.0
    artifact: models/fraud-detector/1.0.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30] }
  - name: churn-scorer
    version: 1.0.0
    artifact: models/churn-scorer/1.0.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 12] }
`;
