// Edits one model's version and artifact in models.yaml, keeping comments and layout, the way a
// person saving the file would (the watcher then starts the release).
import { readFile, writeFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument } from 'yaml';

export async function setModelVersion(path: string, model: string, version: string, artifact?: string): Promise<void> {
  const doc = parseDocument(await readFile(path, 'utf8'));
  const models = doc.get('models');
  if (!isSeq(models)) throw new Error(`${path}: no models list`);
  const entry = models.items.find((item) => isMap(item) && item.get('name') === model);
  if (!isMap(entry)) throw new Error(`${path}: no model named ${model}`);
  entry.set('version', version);
  if (artifact) entry.set('artifact', artifact);
  await writeFile(path, doc.toString());
}
