// The production variant a single-model (Neo-compiled) version is served as: one variant per version,
// named from the model, version and compiled bytes, so a re-run names the same variant and two
// builds of one version never share one. The API model's VariantName: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}.
export function variantNameOf(model: string, version: string, sha256: string): string {
  const base = `${model}-${version}`.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 50);
  return `${base}-${sha256.slice(0, 12)}`;
}
