import type { DescribeModelPackageCommandOutput } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { fromDescribe, toCustomerMetadata } from '../../src/adapters/aws/registration-metadata.ts';
import { newRegistration } from './registry.contract.ts';

// The CustomerMetadataValue pattern as the SageMaker API reference shows it (the API-model suite checks
// the real one from botocore on every CreateModelPackage a test sends; this names the rule here).
const API_PATTERN = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;

describe('registration metadata', () => {
  it('keeps every value inside the API pattern and 256 characters, and reads it back', () => {
    const base = newRegistration('fraud-detector', '1.0.0');
    const entry = {
      ...base,
      signature: {
        inputs: [
          {
            name: 'input (rows, "features")',
            dtype: 'float32' as const,
            shape: ['batch', 3, 224, 224],
            batchDim: 0,
            maxBatch: 8,
          },
          { name: 'sr', dtype: 'int64' as const, shape: [], maxBatch: 64 },
        ],
        outputs: [{ name: 'probabilities', dtype: 'float32' as const, shape: ['batch', 1000] }],
      },
      lineage: {
        ...base.lineage,
        registeredBy: 'arn:aws:sts::123456789012:assumed-role/Pipeline,Build/i-0abc',
        compileReport: {
          ...base.lineage.compileReport,
          maxAbsDiff: null,
          sampleError: `[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Got invalid dimensions (index: 1) ${'x'.repeat(400)}`,
        },
      },
    };

    const metadata = toCustomerMetadata(entry);

    for (const [key, value] of Object.entries(metadata)) {
      expect(value, key).toMatch(API_PATTERN);
      expect([...value].length, key).toBeLessThanOrEqual(256);
    }
    expect(Object.keys(metadata).length).toBeLessThanOrEqual(50);
    const read = fromDescribe({
      CustomerMetadataProperties: metadata,
      ModelPackageArn: 'arn',
    } as unknown as DescribeModelPackageCommandOutput);
    expect(read.signature).toEqual(entry.signature);
    expect(read.lineage.registeredBy).toBe(entry.lineage.registeredBy);
    expect(read.lineage.compileReport.maxAbsDiff).toBeNull();
    expect(entry.lineage.compileReport.sampleError.startsWith(read.lineage.compileReport.sampleError ?? '-')).toBe(
      true,
    );
  });

  it("keeps a Neo version's inference image whole and reads it back as text", () => {
    const base = newRegistration('fraud-detector', '1.0.0');
    const image = '763104351884.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-neo-onnx:1.5-inf-py3';
    const entry = {
      ...base,
      lineage: {
        ...base.lineage,
        compileReport: { ...base.lineage.compileReport, compiler: 'sagemaker-neo' as const, inferenceImage: image },
      },
    };

    const metadata = toCustomerMetadata(entry);
    const read = fromDescribe({
      CustomerMetadataProperties: metadata,
      ModelPackageArn: 'arn',
    } as unknown as DescribeModelPackageCommandOutput);

    expect(metadata['report.inferenceImage']).toBe(image);
    expect(read.lineage.compileReport).toMatchObject({ inferenceImage: image, target: 'ml_c5' });
  });

  it('refuses an inference image longer than a metadata value rather than cutting it', () => {
    const base = newRegistration('fraud-detector', '1.0.0');
    const entry = {
      ...base,
      lineage: { ...base.lineage, compileReport: { ...base.lineage.compileReport, inferenceImage: 'x'.repeat(300) } },
    };

    expect(() => toCustomerMetadata(entry)).toThrow(/the inference image needs 300 characters/);
  });

  it('reads the single input as the previous version wrote it: dtype, shape, max batch, name', () => {
    // Exactly what the previous version of toCustomerMetadata wrote for fraud-detector.
    const current = toCustomerMetadata(newRegistration('fraud-detector', '1.0.0'));
    const written = Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith('signature.')));
    const read = fromDescribe({
      CustomerMetadataProperties: { ...written, input: 'float32 -1x30 64 features' },
      ModelPackageArn: 'arn',
    } as unknown as DescribeModelPackageCommandOutput);

    expect(read.signature).toEqual({
      inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 30], batchDim: 0, maxBatch: 64 }],
    });
  });

  it('reads a registration written before values were pattern-safe (input as raw JSON)', () => {
    // Exactly what the previous version of toCustomerMetadata wrote.
    const written = {
      model: 'fraud-detector',
      version: '1.0.0',
      framework: 'onnx',
      target: 'ml_c5',
      input: '{"name":"features","dtype":"float32","shape":[-1,30],"maxBatch":64}',
      source: `${'a'.repeat(64)} 2495 fraud-detector/1.0.0-aaaaaaaaaaaa/model.onnx`,
      compiled: `${'f'.repeat(64)} 2859 fraud-detector/1.0.0-ffffffffffff/model.optimized.onnx`,
      registeredBy: 'ci@pipeline',
      registeredAt: '2026-11-24T10:00:00.000Z',
      sourceCommit: '0123abc',
      'report.compiler': 'onnxruntime',
      'report.target': 'ml_c5',
      'report.maxAbsDiff': '0',
      'report.outputsEqual': 'true',
      'report.durationMs': '39',
    };

    const read = fromDescribe({
      CustomerMetadataProperties: written,
      ModelPackageArn: 'arn',
    } as unknown as DescribeModelPackageCommandOutput);

    expect(read.signature).toEqual({
      inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 30], batchDim: 0, maxBatch: 64 }],
    });
    expect(read.lineage.compiled.key).toBe('fraud-detector/1.0.0-ffffffffffff/model.optimized.onnx');
    expect(read.lineage.compileReport.durationMs).toBe(39);
  });
});
