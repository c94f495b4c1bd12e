// The tests Stryker runs against mutants of the pure core (`npm run test:mutation`): the unit tests
// of domain code, the router, the alarm evaluator and the controller's decisions. The slow
// end-to-end suites stay out: a mutant only they would kill is a missing unit test.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  test: {
    ...base.test,
    include: [
      '*/test/domain/**/*.test.ts',
      'model-registry/test/manifest/**/*.test.ts',
      'model-registry/test/plan.test.ts',
      'model-registry/test/fuzz/manifest-fuzz.test.ts',
      'release-tools/test/controller/**/*.test.ts',
      'release-tools/test/adapters/metrics-and-alarms.test.ts',
    ],
  },
});
