// Checks run before any compile job: the Neo target must match the endpoint's instance family and
// the model's real ONNX signature must match what models.yaml declares, every input and (when
// declared) every output. Pure: the graph is read elsewhere.
import type { FieldPath } from './manifest/issues.ts';
import type { Dim, Dtype, ModelSignature, TensorSpec } from './manifest/types.ts';
import { DTYPES } from './manifest/types.ts';

/** One input or output of an ONNX graph: a fixed size, a symbolic name, or null (unknown). */
export interface GraphTensor {
  readonly name: string;
  readonly dtype: Dtype | string;
  /** Absent when the graph declares no shape at all. */
  readonly shape?: readonly (number | string | null)[];
}

export interface GraphSignature {
  readonly inputs: readonly GraphTensor[];
  readonly outputs: readonly GraphTensor[];
}

export interface PrecheckFailure {
  /** Path inside the model entry, e.g. ['inputs', 1, 'shape']. */
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

export const showGraphShape = (shape: GraphTensor['shape']) =>
  shape ? `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]` : '(no shape)';
const describeTensor = (t: GraphTensor) => `${t.dtype} ${showGraphShape(t.shape)}`;

/** Every difference between the declared signature and the model's, each at its models.yaml path. */
export function checkSignature(declared: ModelSignature, graph: GraphSignature): PrecheckFailure[] {
  const failures = checkSide('input', declared.inputs, graph.inputs);
  if (declared.outputs) failures.push(...checkSide('output', declared.outputs, graph.outputs));
  return failures;
}

function checkSide(side: 'input' | 'output', declared: readonly TensorSpec[], actual: readonly GraphTensor[]) {
  const list = `${side}s`;
  const failures: PrecheckFailure[] = [];
  const names = actual.map((t) => `"${t.name}"`).join(', ') || 'none';
  declared.forEach((spec, i) => {
    const path = (field: string): FieldPath => [list, i, field];
    const real = actual.find((t) => t.name === spec.name);
    if (!real) {
      failures.push({ path: path('name'), message: `the model has no ${side} "${spec.name}" (its ${list}: ${names})` });
      return;
    }
    if (real.dtype !== spec.dtype) {
      const unsupported = (DTYPES as readonly string[]).includes(real.dtype)
        ? ''
        : ' (ONNX Runtime for Node cannot carry it)';
      failures.push({
        path: path('dtype'),
        message: `models.yaml says ${spec.dtype}, the model's ${side} "${real.name}" is ${real.dtype}${unsupported}`,
      });
    }
    const problem = shapeProblem(spec.shape, real.shape);
    if (problem)
      failures.push({
        path: path('shape'),
        message: `models.yaml says [${spec.shape.join(', ')}], the model's ${side} "${real.name}" is ${showGraphShape(real.shape)}: ${problem}`,
      });
  });
  const declaredNames = new Set(declared.map((d) => d.name));
  for (const real of actual)
    if (!declaredNames.has(real.name))
      failures.push({
        path: [list],
        message: `the model also has ${side} "${real.name}" (${describeTensor(real)}); declare it`,
      });
  return failures;
}

function shapeProblem(declared: readonly Dim[], actual: GraphTensor['shape']): string | undefined {
  if (!actual) return undefined;
  if (actual.length !== declared.length) return `${declared.length} dimensions declared, ${actual.length} in the model`;
  for (const [i, dim] of declared.entries()) {
    const real = actual[i];
    const dynamic = typeof dim === 'string' || dim === -1;
    // A declared fixed size narrows a dynamic dimension; a declared dynamic one cannot widen a fixed one.
    if (typeof real === 'number' && dynamic) return `dimension ${i} is fixed at ${real} in the model`;
    if (typeof real === 'number' && real !== dim) return `dimension ${i} is ${real} in the model`;
  }
  return undefined;
}

/**
 * Neo's DataInputConfig: every input's name and a concrete shape, as JSON. Neo compiles ONNX for the
 * static shape it is given, so an input's batch dimension is compiled as `maxBatch` (the largest
 * batch the API accepts) and any other dynamic dimension as 1.
 */
export function neoDataInputConfig(signature: ModelSignature): string {
  const shapes: Record<string, number[]> = {};
  for (const input of signature.inputs)
    shapes[input.name] = input.shape.map((d, i) =>
      i === input.batchDim ? input.maxBatch : typeof d === 'number' && d > 0 ? d : 1,
    );
  return JSON.stringify(shapes);
}
