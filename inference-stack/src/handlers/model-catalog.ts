// What the handlers need to know about deployed models: their signatures (from models.yaml).
import type { ModelSignature } from '../../../model-registry/src/domain/manifest/types.ts';
import { isModelName } from '../domain/names.ts';
import { type FieldError, formatErrors } from '../domain/tensors/tensor.ts';
import { type ApiRequest, type ApiResponse, apiError, json, parseObjectBody } from './api.ts';

export interface ModelCatalog {
  signature(model: string): ModelSignature | undefined;
}

export function catalogFromSignatures(signatures: Readonly<Record<string, ModelSignature>>): ModelCatalog {
  return { signature: (model) => (Object.hasOwn(signatures, model) ? signatures[model] : undefined) };
}

export type ModelRequest =
  | {
      readonly ok: true;
      readonly model: string;
      readonly signature: ModelSignature;
      readonly body: Record<string, unknown>;
    }
  | { readonly ok: false; readonly response: ApiResponse };

/** A request whose inputs do not fit the signature: 400 with every problem by field path. */
export function invalidInputs(errors: readonly FieldError[]): ApiResponse {
  return json(400, { error: { code: 'InvalidInputs', message: formatErrors(errors), fields: errors } });
}

/** The checks every `/v1/models/{model}/...` route starts with: a valid, known model and a JSON object body. */
export function readModelRequest(request: ApiRequest, catalog: ModelCatalog): ModelRequest {
  const model = request.pathParams.model ?? '';
  if (!isModelName(model))
    return { ok: false, response: apiError(400, 'InvalidModelName', 'model name must match [a-z0-9-]') };
  const signature = catalog.signature(model);
  if (!signature) return { ok: false, response: apiError(404, 'ModelNotFound', `no model named ${model}`) };
  const parsed = parseObjectBody(request);
  if (!parsed.ok) return parsed;
  return { ok: true, model, signature, body: parsed.value };
}
