// A small models.yaml, one field per line, for tests that change one line and expect an error at a
// written position: `where(doc, 11, 'weight: 0')` is line 11, the column where that text starts.
export const BASE_LINES = [
  'apiVersion: mlrelease/v1',
  'endpoint: { name: scoring, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }',
  'defaults:',
  '  compile: { target: ml_c5 }',
  'models:',
  '  - name: m',
  '    version: 1.0.0',
  '    artifact: models/m/1.0.0/model.onnx',
  '    framework: onnx',
  '    input: { name: x, dtype: float32, shape: [-1, 3] }',
  '    release: { strategy: all-at-once }',
] as const;

/** BASE_LINES with some lines (1-based) replaced; a replacement may hold several lines. */
export function doc(lines: Readonly<Record<number, string | undefined>>): string {
  return `${BASE_LINES.map((line, i) => lines[i + 1] ?? line).join('\n')}\n`;
}

/** `models.yaml:<line>:<column of text in that line (+ skip)>`, the position an issue should name. */
export function where(source: string, line: number, text: string, skip = 0): string {
  const column = source.split('\n')[line - 1]!.indexOf(text);
  if (column < 0) throw new Error(`line ${line} does not contain ${JSON.stringify(text)}`);
  return `models.yaml:${line}:${column + 1 + skip}`;
}
