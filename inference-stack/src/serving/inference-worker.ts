// The serving container's inference thread: owns the ONNX Runtime sessions, so session.run never
// blocks the HTTP thread's event loop. Loads are explicit (the MME contract's POST /models); when a
// load would exceed the memory cap it is refused and the platform unloads something (507).
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { OnnxRuntimeModelHost } from '../adapters/local/onnx-runtime-model-host.ts';
import type { InferenceReply, InferenceRequest } from './inference-protocol.ts';

const port = parentPort;
if (!port) throw new Error('inference-worker.ts runs as a worker thread');
const files = new Map<string, string>();
const host = new OnnxRuntimeModelHost({
  artifacts: {
    get: async (name) => {
      const file = files.get(name);
      if (!file) throw new Error(`${name} has no model file`);
      return new Uint8Array(await readFile(file));
    },
  },
  memoryCapBytes: (workerData as { memoryCapBytes: number }).memoryCapBytes,
  whenFull: 'refuse',
});

port.on('message', (request: InferenceRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});

async function answer(request: InferenceRequest): Promise<InferenceReply> {
  try {
    switch (request.op) {
      case 'load': {
        files.set(request.name, request.file);
        const { loadMs } = await host.warm(request.name).catch((error: unknown) => {
          files.delete(request.name);
          throw error;
        });
        return { id: request.id, ok: true, value: { loadMs } };
      }
      case 'unload': {
        const unloaded = await host.unload(request.name);
        files.delete(request.name);
        return { id: request.id, ok: true, value: { unloaded } };
      }
      case 'invoke':
        return { id: request.id, ok: true, value: await host.invoke(request.name, request.inputs) };
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { id: request.id, ok: false, error: { name: e.name, message: e.message } };
  }
}
