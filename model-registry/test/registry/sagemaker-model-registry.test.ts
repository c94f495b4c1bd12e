import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  ListModelPackagesCommand,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { signatureMetadata } from '../../src/adapters/aws/signature-metadata.ts';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { SageMakerModelRegistry } from '../../src/adapters/aws/sagemaker-model-registry.ts';
import { RegistryError } from '../../src/ports/model-registry.ts';
import { fakeSageMakerRegistry, sageMakerError } from './fake-sagemaker-registry.ts';
import { newRegistration, registryContract } from './registry.contract.ts';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/onnx-mme:1';

function setup() {
  const fake = fakeSageMakerRegistry();
  const registry = new SageMakerModelRegistry({
    client: fake.client,
    inferenceImage: IMAGE,
    artifactUriOf: (ref) => `s3://models-bucket/${ref.key}`,
    instanceType: 'ml.c5.xlarge',
  });
  return { ...fake, registry };
}

registryContract('SageMakerModelRegistry', async () => setup().registry);

describe('SageMakerModelRegistry', () => {
  it('creates the model package group on first registration only', async () => {
    const { registry, mock } = setup();

    await registry.register(newRegistration('fraud-detector', '1.0.0', 'a'));
    await registry.register(newRegistration('fraud-detector', '1.1.0', 'b'));

    expect(mock).toHaveReceivedCommandTimes(CreateModelPackageGroupCommand, 1);
    expect(mock).toHaveReceivedCommandWith(CreateModelPackageGroupCommand, {
      ModelPackageGroupName: 'fraud-detector',
      ModelPackageGroupDescription: 'Versions of fraud-detector, registered by mlrelease',
    });
  });

  it('records a Neo version with the InferenceImage its compilation job returned, and its target', async () => {
    const { registry, mock } = setup();
    const base = newRegistration('fraud-detector', '1.0.0');
    const neoImage = '763104351884.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-neo-onnx:1.5-inf-py3';
    const entry = {
      ...base,
      lineage: {
        ...base.lineage,
        compileReport: {
          compiler: 'sagemaker-neo' as const,
          target: 'ml_c5',
          maxAbsDiff: null,
          outputsEqual: null,
          jobName: 'fraud-detector-1-0-0-aaaaaaaaaaaa-1',
          inferenceImage: neoImage,
          durationMs: 1000,
        },
      },
    };

    await registry.register(entry);

    const input = mock.commandCalls(CreateModelPackageCommand)[0]!.args[0].input;
    expect(input.InferenceSpecification?.Containers).toEqual([
      { Image: neoImage, ModelDataUrl: `s3://models-bucket/${entry.lineage.compiled.key}` },
    ]);
    expect(input.CustomerMetadataProperties).toMatchObject({
      'report.compiler': 'sagemaker-neo',
      'report.target': 'ml_c5',
      'report.inferenceImage': neoImage,
    });
    expect((await registry.get('fraud-detector', '1.0.0'))?.lineage.compileReport.inferenceImage).toBe(neoImage);
  });

  it('creates a package with the compiled artifact, approval status, commit and lineage metadata', async () => {
    const { registry, mock } = setup();
    const entry = newRegistration('fraud-detector', '1.0.0');

    await registry.register(entry);

    expect(mock).toHaveReceivedCommandWith(CreateModelPackageCommand, {
      ModelPackageGroupName: 'fraud-detector',
      ModelPackageDescription: 'fraud-detector 1.0.0',
      InferenceSpecification: {
        Containers: [{ Image: IMAGE, ModelDataUrl: `s3://models-bucket/${entry.lineage.compiled.key}` }],
        SupportedContentTypes: ['application/json'],
        SupportedResponseMIMETypes: ['application/json'],
        SupportedRealtimeInferenceInstanceTypes: ['ml.c5.xlarge'],
      },
      ModelApprovalStatus: 'PendingManualApproval',
      MetadataProperties: { CommitId: '0123abc' },
      CustomerMetadataProperties: {
        model: 'fraud-detector',
        version: '1.0.0',
        framework: 'onnx',
        target: 'ml_c5',
        ...signatureMetadata(entry.signature),
        source: `${entry.lineage.source.sha256} 2495 ${entry.lineage.source.key}`,
        compiled: `${entry.lineage.compiled.sha256} 2859 ${entry.lineage.compiled.key}`,
        registeredBy: 'ci@pipeline',
        registeredAt: '2026-11-24T10:00:00.000Z',
        sourceCommit: '0123abc',
        'report.compiler': 'onnxruntime',
        'report.target': 'ml_c5',
        'report.nodesBefore': '9',
        'report.nodesAfter': '2',
        'report.loadMsBefore': '0.6',
        'report.loadMsAfter': '0.3',
        'report.maxAbsDiff': '0',
        'report.outputsEqual': 'true',
        'report.durationMs': '39',
      },
      ClientToken: expect.stringMatching(/^mlr-[0-9a-f]{32}$/),
    });
  });

  it('sets approval with UpdateModelPackage on the package ARN', async () => {
    const { registry, mock } = setup();
    const { id } = await registry.register(newRegistration('fraud-detector', '1.0.0'));
    const change = { by: 'alice', at: '2026-11-24T12:00:00.000Z', reason: 'ok' };

    await registry.setApproval('fraud-detector', '1.0.0', 'Approved', change);

    expect(mock).toHaveReceivedCommandWith(UpdateModelPackageCommand, {
      ModelPackageArn: id,
      ModelApprovalStatus: 'Approved',
      ApprovalDescription: JSON.stringify(change),
    });
  });

  it('surfaces access denied as RegistryError with the cause', async () => {
    const { registry, mock } = setup();
    const denied = sageMakerError('AccessDeniedException', 403);
    mock.on(ListModelPackagesCommand).rejects(denied);

    const attempt = registry.list('fraud-detector');

    await expect(attempt).rejects.toBeInstanceOf(RegistryError);
    await expect(attempt).rejects.toThrow('SageMaker Model Registry: list fraud-detector: AccessDeniedException');
    await expect(attempt).rejects.toHaveProperty('cause', denied);
  });
});
