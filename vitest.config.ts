import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Playwright specs live in e2e/ and must not be collected by Vitest.
    include: ['src/**/*.test.ts', 'cli/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Property tests run hundreds of simulated clusters; on a loaded 2-core machine they can take
    // several times their usual few seconds. Speed is measured by `npm run bench`, not by timeouts.
    testTimeout: 60_000,
  },
});
