import { profileFromEnv, seedFromEnv } from './profile.js';
import { runClaim } from './run.js';
import type { ClaimDefinition } from './types.js';
import { controlExpected as expectedOfControl } from './verdicts.js';

type TestFn = (name: string, fn: (ctx: { skip(note?: string): never }) => Promise<void>, timeout?: number) => void;
type Expect = { fail(message: string): never };

/**
 * Registers the vitest test of a claim through vitest's globals (the `claims` project sets `globals: true`), so
 * that claim files never import vitest and stay importable by the CLI.
 *
 * Two modes (CLAIMS_MODE):
 * - `gate` (default, `npm test`): passes when the claim's verdict is its expected verdict and the negative
 *   control's verdict is the control's expected verdict (violated); fails otherwise, naming both.
 * - `report` (`npm run claims`): the test's status says whether the run went as expected (passed, a statement
 *   violated as written included), else failed / broken / skipped for an unexpected confirmed-or-violated / error /
 *   inconclusive (src/report/allure.ts expectedStatus); the run's exit code is decided by the CLI from audit.json.
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
      const { reportToAllure, expectedStatus } = await import('../report/allure.js');
      await reportToAllure(def, run, { profile, seed });
      statusFromVerdict(expectedStatus(def, run), testCtx);
      return;
    }
    const controlExpected = expectedOfControl(def);
    const problems: string[] = [];
    if (run.claim.verdict !== def.expected)
      problems.push(`verdict ${run.claim.verdict}, expected ${def.expected}: ${run.claim.message}`);
    if (run.control.verdict !== controlExpected)
      problems.push(`negative control (${def.control.description}) came out ${run.control.verdict}, expected ${controlExpected}: ${run.control.message}`);
    if (problems.length) g.expect.fail(`${def.id} [${profile}, seed ${seed}]: ${problems.join(' | ')}`);
  });
}

/**
 * Report mode: the test's status is the Allure status of src/report/allure.ts's expectedStatus (passed when the run
 * went as expected, whatever the verdict). The thrown errors carry no JavaScript stack (it would only show this
 * function); the stack of a harness error is an attachment of the claim's page.
 */
function statusFromVerdict(st: { status: string; message?: string }, testCtx: { skip(note?: string): never }): void {
  if (st.status === 'passed') return;
  if (st.status === 'skipped') testCtx.skip(st.message);
  throw withoutStack(st.status === 'broken' ? 'HarnessError' : 'AssertionError', st.message ?? st.status);
}

/** An error whose name sets the Allure status (AssertionError → failed, anything else → broken) and whose stack is empty. */
function withoutStack(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  e.stack = '';
  return e;
}
