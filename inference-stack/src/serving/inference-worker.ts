// The serving container's inference process (inference-process.ts starts it): owns the ONNX Runtime
// sessions, so session.run never blocks the HTTP server's event loop, and a model that hangs or
// allocates without bound can be stopped by killing this process. Loads are explicit (the MME
// contract's POST /models); when a load would exceed the memory cap it is refused and the platform
// unloads something (507).
import { readFile } from 'node:fs/promises';
import { OnnxRuntimeModelHost } from '../adapters/local/onnx-runtime-model-host.ts';
import type { InferenceReply, InferenceRequest } from './inference-protocol.ts';

if (!process.send) throw new Error('inference-worker.ts runs as a child process with an IPC channel');
const reply = (message: InferenceReply) => process.send?.(message);
const files = new Map<string, string>();
const host = new OnnxRuntimeModelHost({
  artifacts: {
    get: async (name) => {
      const file = files.get(name);
      if (!file) throw new Error(`${name} has no model file`);
      return new Uint8Array(await readFile(file));
    },
  },
  memoryCapBytes: Number(process.env.INFERENCE_MEMORY_CAP_BYTES ?? 2 ** 30),
  whenFull: 'refuse',
});

process.on('message', (request: InferenceRequest) => {
  void answer(request).then(reply);
});
// The HTTP server is gone: nothing would ever read our answers.
process.on('disconnect', () => process.exit(0));

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
