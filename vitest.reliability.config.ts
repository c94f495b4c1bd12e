import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: the slow suites (fuzzing, kill -9, crash injection) kept out of `npm test`.
export default defineConfig({
  test: {
    include: ['*/test/**/*.reliability.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The SDK's notice about Node 22 is not ours to act on in every test's output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
