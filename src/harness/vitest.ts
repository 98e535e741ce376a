import { profileFromEnv, seedFromEnv } from './profile.js';
import { runClaim } from './run.js';
import type { ClaimDefinition, Outcome } from './types.js';

type TestFn = (name: string, fn: (ctx: { skip(note?: string): never }) => Promise<void>, timeout?: number) => void;
type Expect = { fail(message: string): never };

/**
 * Registers the vitest test of a claim through vitest's globals (the `claims` project sets `globals: true`), so
 * that claim files never import vitest and stay importable by the CLI.
 *
 * Two modes (CLAIMS_MODE):
 * - `gate` (default, `npm test`): passes when the claim's verdict is its expected verdict and the negative
 *   control's verdict is the control's expected verdict (violated); fails otherwise, naming both.
 * - `report` (`npm run claims`): the test's status is the verdict — confirmed = passed, violated = failed (an
 *   assertion error), inconclusive = skipped, error = broken (a plain Error) — so Allure shows verdicts; the
 *   run's exit code is decided by the CLI from audit.json, not by vitest.
 */
export function registerClaim(def: ClaimDefinition): void {
  const g = globalThis as unknown as { it: TestFn; expect: Expect };
  const mode = process.env.CLAIMS_MODE ?? 'gate';
  g.it(def.id, async (testCtx) => {
    const profile = profileFromEnv();
    const seed = seedFromEnv();
    const { loadImplementation } = await import('../impl/select.js');
    const { subjectOf } = await import('../impl/subject.js');
    const subject = subjectOf(await loadImplementation()); // CLAIMS_IMPL: the implementation under test, if any
    const run = await runClaim(def, { profile, seed, path: process.env.CLAIMS_PATH || undefined, subject });
    const { writeOutcome } = await import('../report/outcomes.js');
    await writeOutcome(def, run, { profile, seed });
    if (mode === 'report') {
      const { reportToAllure } = await import('../report/allure.js');
      await reportToAllure(def, run, { profile, seed });
      statusFromVerdict(run.claim, g.expect, testCtx);
      return;
    }
    const controlExpected = def.control.expected ?? 'violated';
    const problems: string[] = [];
    if (run.claim.verdict !== def.expected)
      problems.push(`verdict ${run.claim.verdict}, expected ${def.expected}: ${run.claim.message}`);
    if (run.control.verdict !== controlExpected)
      problems.push(`negative control (${def.control.description}) came out ${run.control.verdict}, expected ${controlExpected}: ${run.control.message}`);
    if (problems.length) g.expect.fail(`${def.id} [${profile}, seed ${seed}]: ${problems.join(' | ')}`);
  });
}

function statusFromVerdict(o: Outcome, expect: Expect, testCtx: { skip(note?: string): never }): void {
  switch (o.verdict) {
    case 'confirmed':
      return;
    case 'violated':
      expect.fail(`violated: ${o.message}${o.replayCommand ? `\nreplay: ${o.replayCommand}` : ''}`);
      return;
    case 'inconclusive':
      testCtx.skip(`inconclusive: ${o.message}`);
      return;
    case 'error':
      throw new Error(`harness error: ${o.message}`);
  }
}
