import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'bench/**', '**/*.reliability.test.ts'],
    // Generous: the e2e suites share 2 cores with whatever else runs; speed is judged in `npm run bench`.
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    // Every SDK input a test sends is checked against AWS's API model (pipeline/test/support/aws-api-model).
    globalSetup: ['pipeline/test/support/aws-api-model/api-model.global-setup.ts'],
    setupFiles: ['pipeline/test/support/aws-api-model/api-model.setup.ts'],
    // The SDK's notice about Node 22 is not ours to act on in every test's output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    reporters: ['default'],
  },
});
