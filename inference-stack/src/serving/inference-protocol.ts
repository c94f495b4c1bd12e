// Messages between the serving container's HTTP thread and its inference thread.
import type { NamedTensors } from '../domain/tensors/tensor.ts';
import type { Invocation } from '../ports/model-host.ts';

export type InferenceRequest =
  | { readonly id: number; readonly op: 'load'; readonly name: string; readonly file: string }
  | { readonly id: number; readonly op: 'unload'; readonly name: string }
  | { readonly id: number; readonly op: 'invoke'; readonly name: string; readonly inputs: NamedTensors };

export type InferenceReply =
  | { readonly id: number; readonly ok: true; readonly value: InferenceValue }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string } };

export type InferenceValue = { readonly loadMs: number } | { readonly unloaded: boolean } | Invocation;
