// One way to build the real CDK app in tests: no Lambda bundling, no built-in CloudFormation validation
// and no cdk-nag unless asked, so a template test file synthesizes in about a second.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildAppOptions, type BuiltApp, buildApp } from '../../../pipeline/src/build-app.ts';

export function buildTestApp(
  options: Omit<BuildAppOptions, 'appProps'> & { context?: Record<string, unknown> } = {},
): BuiltApp {
  const { context, ...rest } = options;
  return buildApp({
    nag: false,
    ...rest,
    appProps: {
      outdir: mkdtempSync(join(tmpdir(), 'mlrelease-cdk-')),
      builtinCloudFormationValidation: false,
      // An empty list tells NodejsFunction no stack needs its assets bundled.
      context: { 'aws:cdk:bundling-stacks': [], ...context },
    },
  });
}

export const TWO_MODELS = `apiVersion: mlrelease/v1
endpoint: { name: test-mme, instanceType: ml.c5.large, instances: { min: 1, max: 3 }, targetInvocationsPerInstance: 250 }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps: [ { weight: 10, bake: 1m } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 150, minRequests: 50 }
models:
  - name: fraud-detector
    version: 1.0.0
    artifact: models/fraud-detector/1.0.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30] }
  - name: churn-scorer
    version: 2.0.0
    artifact: models/churn-scorer/2.0.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 12] }
    release:
      strategy: ab
      split: 50
      sticky: header:x-user-id
      duration: 1h
      gates: { maxErrorRate: 0.5%, maxP99LatencyMs: 80, minRequests: 20, alarms: [payments-api-5xx] }
`;

export const THIRD_MODEL = `  - name: eta-predictor
    version: 0.1.0
    artifact: models/eta-predictor/0.1.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 8] }
`;
