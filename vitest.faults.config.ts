import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the crash and fault suite (test/faults). Each file spawns orderwatch processes,
// private Redis or Postgres servers and the platform emulators, so files run one at a time; waits are
// bounded by deadlines, never asserted on.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    reporters: ['default'],
  },
});
