// The tests Stryker runs against mutants of the pure core (`npm run test:mutation`): the unit tests
// of domain code, the router, the alarm evaluator and the controller's decisions. The slow
// end-to-end suites stay out: a mutant only they would kill is a missing unit test.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  test: {
    ...base.test,
    // Instrumented code on a shared machine is slow; a mutant that hangs is still caught by Stryker's own timeout.
    testTimeout: 60_000,
    include: [
      '*/test/domain/**/*.test.ts',
      'model-registry/test/manifest/**/*.test.ts',
      'model-registry/test/plan.test.ts',
      'model-registry/test/signature-compat.test.ts',
      // Unit tests of the controller's decisions; the simulated rollouts (release-tools/test/controller/
      // simulated-*.test.ts) run the whole controller for minutes under instrumentation.
      'release-tools/test/controller/decide.test.ts',
      'release-tools/test/controller/read-signals.test.ts',
      'release-tools/test/controller/{neo-variant,step-gates,signature-refusal,dead-letter-gate,shadow-then-canary}.test.ts',
      'release-tools/test/adapters/metrics-and-alarms.test.ts',
    ],
    // The models.yaml fuzzers (manifest-fuzz, load-manifest.property: 1,400 generated documents) take
    // about 90% of the manifest tests' time and ran for every module-level mutant of the schema; they
    // check that nothing crashes, not what a field means, so a mutant only they kill is a missing unit test.
    exclude: [...(base.test?.exclude ?? []), '**/*.property.test.ts', 'model-registry/test/fuzz/**'],
  },
});
