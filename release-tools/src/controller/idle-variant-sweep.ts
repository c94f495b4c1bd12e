// The variant sweep (retainOnly) costs a DescribeEndpoint and two List calls. Every tick (a minute on
// AWS) it would make them forever on an account where no model is served as a variant. So once a
// sweep with nothing to keep has found nothing to remove, further sweeps with nothing to keep are
// skipped for `idleIntervalMs`. Anything to keep, any serve, or a sweep that removed, deferred or
// failed makes every tick sweep again. The memo lives in the process (a warm Lambda container): a
// cold start sweeps once, and a leftover made by another container is found within the interval.
import type { ProductionVariants, VariantRetention, VariantSpec, VariantState } from '../ports/production-variants.ts';

export const IDLE_VARIANT_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export function sweepIdleVariantsSparingly(
  variants: ProductionVariants,
  now: () => number,
  idleIntervalMs = IDLE_VARIANT_SWEEP_INTERVAL_MS,
): ProductionVariants {
  let settledAt: number | undefined;
  return {
    serve(variant: VariantSpec): Promise<VariantState> {
      settledAt = undefined;
      return variants.serve(variant);
    },
    async retainOnly(keep: ReadonlySet<string>): Promise<VariantRetention> {
      if (keep.size > 0) settledAt = undefined;
      else if (settledAt !== undefined && now() - settledAt < idleIntervalMs) return { removed: [] };
      settledAt = undefined;
      const retention = await variants.retainOnly(keep);
      if (keep.size === 0 && retention.removed.length === 0 && retention.deferred === undefined) settledAt = now();
      return retention;
    },
  };
}
