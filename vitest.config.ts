import { defineConfig } from 'vitest/config';

// Two projects: `unit` (src kernels, solvers, harness; plain reporter) and `claims` (one spec per claim,
// reported to Allure by the claims runner). `npm test` runs both at the smoke profile.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'claims',
          include: ['claims/**/*.claim.ts'],
          // claim files register their test through vitest's globals, so they stay importable by the CLI
          globals: true,
          env: { CLAIMS_VITEST: '1' },
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
