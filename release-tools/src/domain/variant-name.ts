// The production variant a single-model (Neo-compiled) version is served as: one variant per version,
// named from the model, version and compiled bytes, so a re-run names the same variant and two
// builds of one version never share one. The API model's VariantName: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}.
/**
 * The endpoint whose production variants serve single-model (Neo) versions, next to the multi-model
 * endpoint `endpointName`. The controller creates it with the first such version. At most 63 characters.
 */
export function variantEndpointNameOf(endpointName: string): string {
  return `${endpointName.slice(0, 54)}-variants`;
}

/**
 * Models and endpoint configs of the variant endpoint are named `<prefix><16 hex>`, so the controller's
 * role is granted exactly those names (and cleans up only its own). 47 + 16 = 63 characters at most.
 */
export function variantResourcePrefix(variantEndpointName: string): string {
  return `${variantEndpointName.slice(0, 46)}-`;
}

export function variantNameOf(model: string, version: string, sha256: string): string {
  const base = `${model}-${version}`.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 50);
  return `${base}-${sha256.slice(0, 12)}`;
}
