// Single-model (Neo-compiled) versions are served as production variants of one variant endpoint,
// as SageMaker documents Neo: one variant per version, on the InferenceImage its compilation job
// named, on the instance family it was compiled for. The router addresses them by TargetVariant.

/** What the Register stage recorded about a compiled version's serving. */
export interface VariantServing {
  /** DescribeCompilationJob's InferenceImage. */
  readonly image: string;
  /** An instance type of the compiled-for family (the endpoint's, which the compile precheck matched). */
  readonly instanceType: string;
}

export interface VariantSpec extends VariantServing {
  /** The production variant's name (variant-name.ts): TargetVariant. */
  readonly name: string;
  /** The compiled archive's artifact key, `<model>/<version>-<sha12>/<file>`. */
  readonly targetModel: string;
}

/** Ready: the variant answers TargetVariant calls. Otherwise why not yet (the endpoint is updating...). */
export type VariantState = { readonly ready: true } | { readonly ready: false; readonly why: string };

export interface VariantRetention {
  /** Variants taken off the endpoint by this call. */
  readonly removed: readonly string[];
  /** Why nothing could be removed now (the endpoint is updating): tried again next tick. */
  readonly deferred?: string;
}

export interface ProductionVariants {
  /** Makes `variant` one of the endpoint's production variants, keeping the others. Idempotent. */
  serve(variant: VariantSpec): Promise<VariantState>;
  /** Takes every variant not in `keep` off the endpoint (after a promotion, rollback or retirement). */
  retainOnly(keep: ReadonlySet<string>): Promise<VariantRetention>;
}
