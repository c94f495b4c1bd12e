// The image-shaped example runs on ONNX Runtime as its TypeScript reference says, and its ONNX
// signature is exactly what models.yaml declares for it (the compile precheck finds nothing).
import { describe, expect, it } from 'vitest';
import { OnnxRuntimeModelHost } from '../../../inference-stack/src/adapters/local/onnx-runtime-model-host.ts';
import { checkSignature } from '../../../model-registry/src/domain/compile-precheck.ts';
import { loadManifest } from '../../../model-registry/src/domain/manifest/load-manifest.ts';
import { readOnnxGraphInfo } from '../../../model-registry/src/onnx/onnx-graph-info.ts';
import {
  buildImageClassifier,
  IMAGE_CLASSIFIER_SIGNATURE,
  imageClassifierReference,
} from '../../src/example-models/image-classifier.ts';

const image = (seed: number, h: number, w: number) =>
  Array.from({ length: 3 }, (_, c) =>
    Array.from({ length: h }, (_, y) =>
      Array.from({ length: w }, (_, x) => Math.sin(seed + c * 7 + y * 0.3 + x * 0.1)),
    ),
  );

describe('image-classifier example', () => {
  it('answers label (int64) and probabilities (float32 [N, 4]) as its reference does, for any image size', async () => {
    const bytes = buildImageClassifier('1.0.0');
    const host = new OnnxRuntimeModelHost({ artifacts: { get: async () => bytes } });
    const batch = [image(1, 8, 6), image(2, 8, 6)];

    const { outputs } = await host.invoke('ic', {
      image: { dtype: 'float32', shape: [2, 3, 8, 6], data: batch.flat(3) },
    });

    expect(outputs.label).toMatchObject({ dtype: 'int64', shape: [2] });
    expect(outputs.probabilities).toMatchObject({ dtype: 'float32', shape: [2, 4] });
    batch.forEach((img, i) => {
      const want = imageClassifierReference('1.0.0', img);
      expect(Number(outputs.label!.data[i])).toBe(want.label);
      const got = outputs.probabilities!.data.slice(i * 4, i * 4 + 4) as number[];
      for (const [k, p] of got.entries()) expect(p).toBeCloseTo(want.probabilities[k]!, 5);
    });
    await host.close();
  });

  it('is byte-identical build to build, and its versions differ', () => {
    expect(buildImageClassifier('1.0.0')).toEqual(buildImageClassifier('1.0.0'));
    expect(buildImageClassifier('1.1.0')).not.toEqual(buildImageClassifier('1.0.0'));
  });

  it('has exactly the signature models.yaml declares for it', () => {
    const loaded = loadManifest(`apiVersion: mlrelease/v1
endpoint: { name: e, instanceType: ml.c5.xlarge, instances: { min: 1, max: 1 } }
defaults: { compile: { target: ml_c5 }, release: { strategy: all-at-once } }
models:
  - name: image-classifier
    version: 1.0.0
    artifact: models/image-classifier/1.0.0/model.onnx
    framework: onnx
${IMAGE_CLASSIFIER_SIGNATURE}
`);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));

    expect(
      checkSignature(loaded.manifest.models[0]!.signature, readOnnxGraphInfo(buildImageClassifier('1.0.0'))),
    ).toEqual([]);
  });
});
