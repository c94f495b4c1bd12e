// Writes a model's version (and artifact) into models.yaml in place, keeping comments, order and
// flow/block style, so Git stays the truth after a rollback.
import { isMap, isSeq, parseDocument } from 'yaml';

export class ManifestEditError extends Error {
  override readonly name = 'ManifestEditError';
}

export function setModelVersion(text: string, model: string, version: string, artifact?: string): string {
  const doc = parseDocument(text);
  const models = doc.get('models');
  if (!isSeq(models)) throw new ManifestEditError('models.yaml has no models list');
  const index = models.items.findIndex((item) => isMap(item) && item.get('name') === model);
  if (index < 0) throw new ManifestEditError(`models.yaml has no model named ${model}`);
  doc.setIn(['models', index, 'version'], version);
  if (artifact !== undefined) doc.setIn(['models', index, 'artifact'], artifact);
  return doc.toString();
}
