import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: the slow suites (fuzzing, kill -9, crash injection) kept out of `npm test`.
export default defineConfig({
  test: {
    include: ['*/test/**/*.reliability.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
