import { defineConfig } from 'vitest/config';

// Two projects: `unit` (src kernels, solvers, harness) and `claims` (one test per claim file: the gate of
// `npm test`, src/harness/vitest.ts, at the smoke profile unless CLAIMS_PROFILE says otherwise). Reports (Allure,
// audit.json) are written by the engine of `claims run|check` (src/cli/execute.ts), not by vitest.
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
          env: { CLAIMS_VITEST: '1', CLAIMS_PROFILE: process.env.CLAIMS_PROFILE || 'smoke' },
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
