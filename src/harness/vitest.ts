import { gateProblems, runClaim } from './run.js';
import type { ClaimDefinition } from './types.js';

type TestFn = (name: string, fn: () => Promise<void>, timeout?: number) => void;
type Expect = { fail(message: string): never };

/**
 * The vitest gate of `npm test` (the `claims` project of vitest.config.ts): one test per claim file, registered
 * through vitest's globals, so that claim files never import vitest and stay importable by the CLI. The test runs
 * the claim and its negative control through the same runClaim as the isolated children of `claims run|check`
 * (src/impl/claim-child.ts), in vitest's worker, and passes when the claim's verdict is its expected verdict and the
 * control's is the control's; it fails otherwise, naming both. It writes no report: the reports are the engine's
 * (src/cli/execute.ts).
 *
 * This is an edge of the program (as src/cli is): the environment is read here — CLAIMS_VITEST=1 (set by the
 * claims project), CLAIMS_PROFILE, CLAIMS_SEED, CLAIMS_IMPL (the implementation under test), CLAIMS_PATH (replay
 * one counterexample), and the settings of src/cli/options.ts.
 */
export function registerClaim(def: ClaimDefinition): void {
  const g = globalThis as unknown as { it?: TestFn; expect: Expect };
  if (process.env.CLAIMS_VITEST !== '1' || typeof g.it !== 'function') return;
  g.it(def.id, async () => {
    const { resolveOptions } = await import('../cli/options.js');
    const o = resolveOptions({ command: 'gate', impl: process.env.CLAIMS_IMPL ? [process.env.CLAIMS_IMPL] : [], path: process.env.CLAIMS_PATH || undefined });
    const { configure } = await import('./settings.js');
    configure(o.settings);
    const { loadImplementation } = await import('../impl/select.js');
    const { subjectOf } = await import('../impl/subject.js');
    const subject = subjectOf(await loadImplementation(o.impl[0]));
    const run = await runClaim(def, { profile: o.profile, seed: o.seed, path: o.path, subject, replay: { impl: o.impl[0] } });
    const problems = gateProblems(def, run);
    if (problems.length) g.expect.fail(`${def.id} [${o.profile}, seed ${o.seed}]: ${problems.join(' | ')}`);
  });
}
