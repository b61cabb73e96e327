import { defineConfig } from 'vitest/config';

// Three projects: unit tests; the integration and end-to-end suites on the machine's Postgres and Redis;
// and the integration suites again on the embedded Postgres (the zero-service default), which the
// global setup starts for that project.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    globalSetup: ['test/helpers/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'test/integration/**/*.test.ts',
            'test/e2e/**/*.test.ts',
            'test/security/**/*.test.ts',
            'test/browser/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-embedded',
          include: ['test/integration/**/*.test.ts'],
          env: { ORDERWATCH_TEST_STORE: 'embedded' },
        },
      },
    ],
  },
});
