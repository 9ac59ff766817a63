// `npm run record-histories`: runs only the recorder, which the test run never includes.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/replay/record-histories.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
