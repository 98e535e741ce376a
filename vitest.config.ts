import { defineConfig } from 'vitest/config';

const reportMode = process.env.CLAIMS_MODE === 'report';
// a `claims run` stages its results in its own run directory (CLAIMS_RUN_DIR, src/report/run-dir.ts)
const stagingDir = process.env.CLAIMS_RUN_DIR || process.env.CLAIMS_REPORTS_DIR || 'reports';

// Two projects: `unit` (src kernels, solvers, harness; plain reporter) and `claims` (one spec per claim,
// reported to Allure by the claims runner). `npm test` runs both at the smoke profile.
export default defineConfig({
  test: {
    // `npm run claims` (CLAIMS_MODE=report): a progress line per claim, and Allure results for the report
    reporters: reportMode
      ? [
          './src/report/progress-reporter.ts',
          [
            'allure-vitest/reporter',
            {
              resultsDir: `${stagingDir}/allure-results`,
              reportMatchers: false,
              environmentInfo: { node: process.version, platform: `${process.platform} ${process.arch}`, profile: process.env.CLAIMS_PROFILE ?? 'smoke', seed: process.env.CLAIMS_SEED ?? '20261123', ...(process.env.CLAIMS_RUN_ID ? { run: process.env.CLAIMS_RUN_ID } : {}) },
            },
          ],
        ]
      : ['default'],
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
