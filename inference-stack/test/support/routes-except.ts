import type { RouteLookup } from '../../src/handlers/route-lookup.ts';

/** Every model has a stable version serving, except those named (in models.yaml, but no version serving). */
export function routesExcept(...unrouted: string[]): RouteLookup {
  return {
    route: async (model) =>
      unrouted.includes(model)
        ? undefined
        : { model, stable: { version: '1.0.0', targetModel: `${model}/1.0.0` }, candidateWeight: 0, mode: 'weighted' },
  };
}
