// `import { claimTests } from 'implicit-bias-claims/vitest'`: registers, in the user's vitest suite, one test per
// claim that applies to their implementation (src/vitest-claims.ts runs it, loaded through tsx's scoped import).
//
//   await claimTests({ impl: './my-optimizers.mjs', profile: 'smoke' });
//
// Top-level await in the test file: the claims that apply are known only once the implementation is loaded.
import { describe, it } from 'vitest';
import { tsImport } from 'tsx/esm/api';

const core = await tsImport('./vitest-claims.ts', import.meta.url);

/** Options: impl (module path or implementation object), profile (default 'default', or CLAIMS_PROFILE), seed, filters, timeout (ms). */
export async function claimTests(options) {
  const { name, tests, notApplicable } = await core.claimTestsOf(options);
  describe(`implicit-bias claims: ${name}`, () => {
    for (const t of tests)
      it(`${t.id} (expected ${t.expected})`, async () => {
        const problems = await t.run();
        if (problems.length) throw new Error(problems.join('\n'));
      }, options.timeout ?? 600_000);
    for (const n of notApplicable) it.skip(`${n.id}: not applicable (${n.reason})`, () => {});
  });
  return { name, applicable: tests.map((t) => t.id), notApplicable };
}
