// A model no one here wrote: Silero VAD (MIT) from @ricky0123/vad-web, called through the sync
// handler with named tensors on the real ONNX Runtime host, and its real signature prechecked.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSignature } from '../../../model-registry/src/domain/compile-precheck.ts';
import type { ModelSignature } from '../../../model-registry/src/domain/manifest/types.ts';
import { readOnnxGraphInfo } from '../../../model-registry/src/onnx/onnx-graph-info.ts';
import { OnnxRuntimeModelHost } from '../../src/adapters/local/onnx-runtime-model-host.ts';
import { invokeSync } from '../../src/handlers/invoke-sync.ts';
import { catalogFromSignatures } from '../../src/handlers/model-catalog.ts';
import { apiRequest } from '../support/api-request.ts';
import { RecordingMetrics } from '../support/fakes.ts';

const dist = join(dirname(createRequire(import.meta.url).resolve('@ricky0123/vad-web/package.json')), 'dist');
const v5bytes = new Uint8Array(readFileSync(join(dist, 'silero_vad_v5.onnx')));

const v5: ModelSignature = {
  inputs: [
    { name: 'input', dtype: 'float32', shape: ['batch', 'samples'], batchDim: 0, maxBatch: 8 },
    { name: 'state', dtype: 'float32', shape: [2, 'batch', 128], batchDim: 1, maxBatch: 8 },
    { name: 'sr', dtype: 'int64', shape: [], maxBatch: 64 },
  ],
  outputs: [
    { name: 'output', dtype: 'float32', shape: ['batch', 1] },
    { name: 'stateN', dtype: 'float32', shape: [2, 'batch', 128] },
  ],
};

describe('Silero VAD v5 through the sync path', () => {
  it('its declared signature matches the real model', () => {
    expect(checkSignature(v5, readOnnxGraphInfo(v5bytes))).toEqual([]);
  });

  it('answers every output by name for a request carrying input, state and sr', async () => {
    // Prepare
    const host = new OnnxRuntimeModelHost({ artifacts: { get: async () => v5bytes } });
    const deps = {
      catalog: catalogFromSignatures({ 'silero-vad': v5 }),
      routes: {
        route: async () => ({
          model: 'silero-vad',
          stable: { version: '5.0.0', targetModel: 'silero-vad/5.0.0-abc/model.onnx' },
          candidateWeight: 0,
          mode: 'weighted' as const,
        }),
      },
      host,
      metrics: new RecordingMetrics(),
      random: () => 0.5,
      now: () => 0,
    };
    const tone = Array.from({ length: 512 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000));
    const body = {
      inputs: {
        input: [tone, new Array(512).fill(0)],
        state: { dtype: 'float32', shape: [2, 2, 128], data: new Array(512).fill(0) },
        sr: '16000',
      },
    };
    // Act
    const response = await invokeSync(apiRequest({ pathParams: { model: 'silero-vad' }, json: body }), deps);
    await host.close();
    // Assess
    expect(response.statusCode).toBe(200);
    const outputs = (response.body as { outputs: Record<string, { dtype: string; shape: number[]; data: number[] }> })
      .outputs;
    expect(Object.keys(outputs).sort()).toEqual(['output', 'stateN']);
    expect(outputs.output).toMatchObject({ dtype: 'float32', shape: [2, 1] });
    expect(outputs.stateN).toMatchObject({ dtype: 'float32', shape: [2, 2, 128] });
    for (const p of outputs.output!.data) expect(p).toBeGreaterThanOrEqual(0);
  });

  it('refuses a request whose batch disagrees between input and state, by field path', async () => {
    const deps = {
      catalog: catalogFromSignatures({ 'silero-vad': v5 }),
      routes: { route: async () => undefined },
      host: new OnnxRuntimeModelHost({ artifacts: { get: async () => v5bytes } }),
      metrics: new RecordingMetrics(),
      random: () => 0.5,
      now: () => 0,
    };
    const body = {
      inputs: {
        input: [new Array(512).fill(0)],
        state: { shape: [2, 2, 128], data: new Array(512).fill(0) },
        sr: 16000,
      },
    };
    const response = await invokeSync(apiRequest({ pathParams: { model: 'silero-vad' }, json: body }), deps);
    expect(response).toMatchObject({
      statusCode: 400,
      body: {
        error: {
          code: 'InvalidInputs',
          fields: [
            { path: 'inputs.state', message: 'dimension 1 (batch) is 2 but batch is 1 at inputs.input dimension 0' },
          ],
        },
      },
    });
  });
});
