// The pure core under mutation testing, one group per folder: Stryker runs one group at a time (the
// machine is shared), and each group keeps its own incremental file so re-running one group never
// forgets another's results.
export interface MutationGroup {
  readonly name: string;
  readonly mutate: readonly string[];
}

export const MUTATION_GROUPS: readonly MutationGroup[] = [
  { name: 'inference-stack-domain', mutate: ['inference-stack/src/domain/**/*.ts'] },
  { name: 'model-registry-domain', mutate: ['model-registry/src/domain/**/*.ts'] },
  {
    name: 'release-tools-rollout',
    mutate: [
      'release-tools/src/domain/rollout/**/*.ts',
      'release-tools/src/domain/strategies/**/*.ts',
      'release-tools/src/domain/*.ts',
    ],
  },
  {
    name: 'release-tools-alarms',
    mutate: ['release-tools/src/domain/alarms/**/*.ts', 'release-tools/src/adapters/local/local-alarm-evaluator.ts'],
  },
  { name: 'release-tools-controller', mutate: ['release-tools/src/controller/decide.ts'] },
  {
    name: 'release-tools-judge',
    mutate: ['release-tools/src/domain/stats/**/*.ts', 'release-tools/src/domain/gates/**/*.ts'],
  },
];

/**
 * Files with code in which Stryker 9.6 instruments no mutant, so no run ever records them (checked by
 * a run that included each, 2026-12-03): `types.ts`'s only value is an `as const` list of names.
 */
export const NOTHING_TO_MUTATE: readonly string[] = ['model-registry/src/domain/manifest/types.ts'];

export const incrementalFileOf = (group: MutationGroup): string => `bench/mutation/incremental/${group.name}.json`;
