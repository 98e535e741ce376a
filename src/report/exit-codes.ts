import type { Verdict } from '../harness/types.js';

/**
 * Exit codes of `claims run` (README "Exit codes"):
 * - 0 every claim and every negative control came out with its expected verdict, and the report was written;
 * - 1 a claim or a control came out with an unexpected confirmed / violated / error, a claim file produced no
 *     outcome (its spec crashed), or the HTML report could not be generated;
 * - 2 the command could not run (bad option, unknown subcommand, no claim matches the filter, unusable replay);
 * - 3 the only differences are "inconclusive" verdicts: the budget did not decide some claim or control, nothing
 *     contradicted an expectation (a longer horizon or more trials, e.g. --profile thorough, decides them); also a
 *     claim expected "inconclusive" (a true statement its budget usually cannot decide, e.g. the log-slow mirror-descent
 *     limit) that this seed happened to decide as "confirmed": a decision the budget was not expected to reach, not a
 *     contradiction — it differs from the expectation only in the same way an inconclusive does.
 */
export const EXIT = { asExpected: 0, unexpected: 1, usage: 2, onlyInconclusive: 3 } as const;

interface Verdicts { verdict: Verdict; expected?: Verdict; asExpected: boolean; control: { verdict: Verdict; asExpected: boolean } }

/** The exit code of a finished run: its claims, claim files without an outcome, and whether the report was written. */
export function runExitCode(claims: Verdicts[], problems: { missing: number; reportFailed: boolean }): number {
  if (problems.missing > 0 || problems.reportFailed) return EXIT.unexpected;
  const differences = claims.flatMap((c) => [
    ...(c.asExpected ? [] : [c.expected === 'inconclusive' && c.verdict === 'confirmed' ? 'inconclusive' : c.verdict]),
    ...(c.control.asExpected ? [] : [c.control.verdict]),
  ]);
  if (differences.length === 0) return EXIT.asExpected;
  return differences.every((v) => v === 'inconclusive') ? EXIT.onlyInconclusive : EXIT.unexpected;
}

/** One line saying what the exit code means. */
export function describeExit(code: number): string {
  if (code === EXIT.asExpected) return 'exit 0: every claim and control as expected';
  if (code === EXIT.onlyInconclusive) return 'exit 3: only inconclusive differences (undecided at this budget; nothing contradicted an expectation)';
  return 'exit 1: an unexpected confirmed/violated/error verdict, a claim without outcome, or no report';
}
