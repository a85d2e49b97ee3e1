import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'web/test/**/*.test.ts'], setupFiles: ['test/helpers/unit-setup.ts'] } },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // The chaos test (about 3 minutes: a 10,000-row import and a 300-member launch under
          // faults) is its own project, run by `npm run test:chaos` and by CI after `npm test`.
          exclude: ['test/integration/outage-chaos.test.ts'],
          globalSetup: ['test/helpers/local-stack-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'chaos',
          include: ['test/integration/outage-chaos.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
