// Every rollout phase, and the terminal ones, written out for tests: a phase dropped from
// production's own lists must fail them, not be dropped from the tests too.
import type { Phase } from '../../src/domain/rollout/record.ts';

export const TERMINAL: readonly Phase[] = ['Promoted', 'RolledBack', 'Aborted', 'Retired'];
export const ALL_PHASES: readonly Phase[] = [
  'Pending',
  'Compiling',
  'Registered',
  'Progressing',
  'Paused',
  ...TERMINAL,
];
