import { defineConfig } from 'vitest/config';

// The report-in-a-browser test (npm run test:report): not part of `npm test`, because it reads the report of a
// previous `claims run` and needs playwright-core and a Chromium.
export default defineConfig({
  test: {
    include: ['test/cli/report-browser.spec.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
