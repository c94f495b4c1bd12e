// Every model name models.yaml accepts must be a name SageMaker accepts where it becomes one: the model
// package group (EntityName) and the Neo compilation job. Held against the API model from botocore.
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { compilationJobName } from '../../../model-registry/src/adapters/aws/neo-compiler.ts';
import { loadManifest } from '../../../model-registry/src/domain/manifest/load-manifest.ts';
import { mutate } from '../../../model-registry/test/manifest/fixtures.ts';
import { variantNameOf } from '../../../release-tools/src/domain/variant-name.ts';
import { loadServiceModelForClient } from '../support/aws-api-model/botocore-models.ts';
import { validateOperationInput } from '../support/aws-api-model/validate-input.ts';

const models = inject('awsApiModels');

describe.runIf(models !== undefined)('model names vs the SageMaker API model', () => {
  const sagemaker = loadServiceModelForClient(models?.dataDir ?? '', 'SageMakerClient');
  const sagemakerRuntime = loadServiceModelForClient(models?.dataDir ?? '', 'SageMakerRuntimeClient');
  const acceptedByManifest = (name: string) => loadManifest(mutate('name: fraud-detector', `name: ${name}`)).ok;
  const rejectedBySageMaker = (name: string, version: string) => [
    ...validateOperationInput(sagemaker, 'CreateModelPackageGroup', { ModelPackageGroupName: name }).violations,
    ...validateOperationInput(sagemaker, 'DescribeCompilationJob', {
      CompilationJobName: compilationJobName({
        model: name,
        version,
        source: { key: 'k', sha256: 'ab'.repeat(32), sizeBytes: 1 },
        framework: 'onnx',
        signature: { inputs: [{ name: 'x', dtype: 'float32', shape: [-1, 1], batchDim: 0, maxBatch: 1 }] },
        target: 'ml_c5',
        engine: 'neo',
      }),
    }).violations,
  ];

  it.each(['fraud-detector-', 'a'.repeat(64), 'fraud--detector'])('%s: models.yaml and SageMaker agree', (name) => {
    expect(acceptedByManifest(name)).toBe(rejectedBySageMaker(name, '1.0.0').length === 0);
  });

  it('the production variant of any accepted name and version is a VariantName SageMaker accepts (property)', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,66}$/);
    const version = fc.constantFrom('1.0.0', '10.20.30-rc.1+build.5', '0.0.1-alpha', `1.0.0-${'x'.repeat(80)}`);
    fc.assert(
      fc.property(name, version, (n, v) => {
        if (!acceptedByManifest(n)) return;
        const input = {
          EndpointName: 'scoring-neo',
          Body: new Uint8Array(),
          TargetVariant: variantNameOf(n, v, 'ab'.repeat(32)),
        };
        expect(validateOperationInput(sagemakerRuntime, 'InvokeEndpoint', input).violations).toEqual([]);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('no name models.yaml accepts is refused by SageMaker (property)', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,66}$/);
    const version = fc.constantFrom('1.0.0', '10.20.30-rc.1+build.5', '0.0.1-alpha');
    fc.assert(
      fc.property(name, version, (n, v) => {
        if (acceptedByManifest(n)) expect(rejectedBySageMaker(n, v)).toEqual([]);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
