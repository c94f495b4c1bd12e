// Checks run before any compile job: the Neo target must match the endpoint's instance family and
// the model's real ONNX input must match what models.yaml declares. Pure: the graph is read elsewhere.
import type { FieldPath } from './manifest/issues.ts';
import type { Dtype, InputSignature } from './manifest/types.ts';

/** One input of an ONNX graph; `null` marks a symbolic (dynamic) dimension. */
export interface GraphInput {
  readonly name: string;
  readonly dtype: Dtype | string;
  readonly shape: readonly (number | null)[];
}

export interface PrecheckFailure {
  /** Path inside the model entry, e.g. ['input', 'shape']. */
  readonly path: FieldPath;
  readonly message: string;
}

export class PrecheckError extends Error {
  override readonly name = 'PrecheckError';
  constructor(
    readonly model: string,
    readonly failures: readonly PrecheckFailure[],
  ) {
    super(failures.map((f) => `${model}: ${f.path.join('.')}: ${f.message}`).join('\n'));
  }
}

/** `ml_c5` serves on `ml.c5.*`; edge targets (jetson_*, rasp3b, ...) never serve an endpoint. */
export function checkTarget(target: string, instanceType: string): PrecheckFailure[] {
  const family = /^ml_([a-z0-9]+)$/.exec(target)?.[1];
  const instanceFamily = /^ml\.([a-z0-9]+)\./.exec(instanceType)?.[1];
  if (!family)
    return [{ path: ['compile', 'target'], message: `"${target}" is not a SageMaker instance target (ml_<family>)` }];
  if (family === instanceFamily) return [];
  const expected = instanceFamily ? `ml_${instanceFamily}` : 'a target matching it';
  return [
    {
      path: ['compile', 'target'],
      message: `Neo target ${target} does not match endpoint instance type ${instanceType} (use ${expected})`,
    },
  ];
}

const showShape = (shape: readonly (number | null)[]) => `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]`;

export function checkInput(declared: InputSignature, graphInputs: readonly GraphInput[]): PrecheckFailure[] {
  const actual = graphInputs.find((i) => i.name === declared.name);
  if (!actual) {
    const names = graphInputs.map((i) => `"${i.name}"`).join(', ') || 'none';
    return [{ path: ['input', 'name'], message: `the model has no input "${declared.name}" (its inputs: ${names})` }];
  }
  const failures: PrecheckFailure[] = [];
  if (actual.dtype !== declared.dtype)
    failures.push({
      path: ['input', 'dtype'],
      message: `models.yaml says ${declared.dtype}, the model's input is ${actual.dtype}`,
    });
  const fits =
    actual.shape.length === declared.shape.length &&
    actual.shape.every((dim, i) => dim === null || dim === declared.shape[i]);
  if (!fits)
    failures.push({
      path: ['input', 'shape'],
      message: `models.yaml says [${declared.shape.join(', ')}], the model's input "${actual.name}" is ${showShape(actual.shape)}`,
    });
  return failures;
}

/**
 * Neo's DataInputConfig: the input name and a concrete shape, as JSON. Neo compiles ONNX for the static
 * shape it is given, so the dynamic batch is compiled as `maxBatch`, the largest batch the API accepts.
 */
export function neoDataInputConfig(input: InputSignature): string {
  return JSON.stringify({ [input.name]: input.shape.map((d) => (d === -1 ? input.maxBatch : d)) });
}
