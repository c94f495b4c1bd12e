// Writes a model's version (and artifact) into models.yaml in place. Only the characters of the
// two values change (found through the yaml Document's source ranges), so comments, order and
// flow/block style stay exactly as the user wrote them and Git shows a one-line diff.
import { readFile, writeFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, parseDocument, Scalar } from 'yaml';

export class ManifestEditError extends Error {
  override readonly name = 'ManifestEditError';
}

export function setModelVersion(text: string, model: string, version: string, artifact?: string): string {
  const doc = parseDocument(text);
  const models = doc.get('models');
  if (!isSeq(models)) throw new ManifestEditError('models.yaml has no models list');
  const entry = models.items.find((item) => isMap(item) && item.get('name') === model);
  if (!isMap(entry)) throw new ManifestEditError(`models.yaml has no model named ${model}`);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const [field, value] of [
    ['version', version],
    ['artifact', artifact],
  ] as const) {
    if (value === undefined) continue;
    const node = entry.get(field, true);
    if (!isScalar(node) || !node.range) throw new ManifestEditError(`${model}.${field} is not a plain value`);
    edits.push({ start: node.range[0], end: node.range[1], text: render(node, value) });
  }
  // Splice from the end so earlier offsets stay valid.
  return edits.sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

/** The same edit on a file, as a person saving models.yaml would make it. */
export async function writeModelVersion(
  path: string,
  model: string,
  version: string,
  artifact?: string,
): Promise<void> {
  await writeFile(path, setModelVersion(await readFile(path, 'utf8'), model, version, artifact));
}

function render(node: Scalar, value: string): string {
  if (node.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (node.type === Scalar.QUOTE_SINGLE) return `'${value.replaceAll("'", "''")}'`;
  // A plain value that YAML would read as something else (a number, a bool) must be quoted.
  const reparsed = parseDocument(`v: ${value}`).get('v');
  return reparsed === value ? value : JSON.stringify(value);
}
