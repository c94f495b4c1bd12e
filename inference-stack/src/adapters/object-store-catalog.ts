// The API's model catalog at run time: the document the release controller publishes from the
// desired models.yaml (`state/catalog.json` in the state bucket), read through any ObjectStore and
// cached for a short TTL. A model added to models.yaml becomes servable once the controller has
// published it, with no redeploy of the API. No document yet means no model is servable.

import {
  type LegacyInput,
  signatureFromLegacyInput,
} from '../../../model-registry/src/domain/manifest/read-signature.ts';
import type { ModelSignature } from '../../../model-registry/src/domain/manifest/types.ts';
import { catalogFromSignatures, type ModelCatalog } from '../handlers/model-catalog.ts';
import { getJson, type ObjectStore } from '../ports/object-store.ts';

/**
 * Written by release-tools' CloudWatchDesiredResources (CatalogDocument): format 2 holds each model's
 * signature; format 1, written before named inputs, its one input.
 */
type CatalogDocument =
  | { readonly formatVersion: 1; readonly models: Readonly<Record<string, LegacyInput>> }
  | { readonly formatVersion: 2; readonly models: Readonly<Record<string, ModelSignature>> };

export class UnsupportedCatalogError extends Error {
  override readonly name = 'UnsupportedCatalogError';
}

export interface ObjectStoreCatalogOptions {
  /** @default 10000 */
  readonly ttlMs?: number;
  /** Epoch ms. @default Date.now */
  readonly now?: () => number;
}

export class ObjectStoreCatalog {
  private cached: { catalog: ModelCatalog; at: number } | undefined;
  private inflight: Promise<ModelCatalog> | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly key: string,
    private readonly options: ObjectStoreCatalogOptions = {},
  ) {}

  /** The catalog as of at most `ttlMs` ago; concurrent misses share one read. */
  async current(): Promise<ModelCatalog> {
    const now = this.options.now ?? Date.now;
    if (this.cached && now() - this.cached.at < (this.options.ttlMs ?? 10_000)) return this.cached.catalog;
    this.inflight ??= this.read(now()).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async read(at: number): Promise<ModelCatalog> {
    const doc = await getJson<CatalogDocument>(this.store, this.key);
    // A newer writer's format is refused loudly rather than read wrongly.
    if (doc && doc.formatVersion !== 1 && doc.formatVersion !== 2)
      throw new UnsupportedCatalogError(
        `catalog ${this.key} has formatVersion ${(doc as { formatVersion: unknown }).formatVersion}; this reader knows 1 and 2`,
      );
    const catalog = catalogFromSignatures(signaturesOf(doc));
    this.cached = { catalog, at };
    return catalog;
  }
}

function signaturesOf(doc: CatalogDocument | undefined): Record<string, ModelSignature> {
  if (!doc) return {};
  if (doc.formatVersion === 2) return { ...doc.models };
  return Object.fromEntries(Object.entries(doc.models).map(([name, input]) => [name, signatureFromLegacyInput(input)]));
}
