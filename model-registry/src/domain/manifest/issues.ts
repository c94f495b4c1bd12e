// A validation problem tied to a place in models.yaml.

export type FieldPath = readonly (string | number)[];

export interface ManifestIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Field path such as models[1].release.steps[0].weight ('' for the document). */
  readonly path: string;
  readonly message: string;
}

export function formatPath(path: FieldPath): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text ? `.${part}` : part;
  return text;
}

/** `models.yaml:12:7: models[1].version: message` — the one format every error uses. */
export function formatIssue(issue: ManifestIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}
