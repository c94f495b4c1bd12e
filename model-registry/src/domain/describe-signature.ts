// One line per tensor, for the CLI: `in  input float32 [batch, samples] (batch dim 0, max 64)`.
import type { ModelSignature } from './manifest/types.ts';

export function describeSignature(signature: ModelSignature): string[] {
  const lines = signature.inputs.map((i) => {
    const batch = i.batchDim !== undefined ? ` (batch dim ${i.batchDim}, max ${i.maxBatch})` : '';
    return `in  ${i.name} ${i.dtype} [${i.shape.join(', ')}]${batch}`;
  });
  for (const o of signature.outputs ?? []) lines.push(`out ${o.name} ${o.dtype} [${o.shape.join(', ')}]`);
  if (!signature.outputs) lines.push('out (not declared)');
  return lines;
}
