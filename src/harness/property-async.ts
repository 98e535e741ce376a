import fc from 'fast-check';
import type { ClaimContext, Outcome, TrialResult } from './types.js';
import { checkParameters, outcomeOfFailure, summarize, undecidedOrRethrow, type PropertySpec } from './property.js';

/**
 * A property whose trial is asynchronous (it awaits a reference solver: the l1/l∞ max-margin LPs of
 * src/solvers/lp.ts run in HiGHS's wasm runtime and return promises). Same fields as {@link PropertySpec}.
 */
export interface AsyncPropertySpec<T> extends Omit<PropertySpec<T>, 'trial'> {
  /**
   * Checks the claim on one input. Rejects with ClaimViolation to refute it (the only way to "violated"), with
   * Inconclusive when the budget cannot decide; any other rejection is an "error".
   */
  trial(input: T): Promise<TrialResult>;
}

/**
 * checkProperty (src/harness/property.ts) for asynchronous trials: fc.asyncProperty + fc.check with the same
 * verdict mapping: no failure → confirmed (or inconclusive if a trial could not decide), a ClaimViolation →
 * violated with the shrunk counterexample, anything else → error; a negative control stops at its first
 * failure; `ctx.path` replays a counterexample without search. fc.pre inside the trial redraws the input.
 */
export async function checkPropertyAsync<T>(ctx: ClaimContext, spec: AsyncPropertySpec<T>): Promise<Outcome> {
  const started = performance.now();
  const results: TrialResult[] = [];
  let failing = false;
  const prop = fc.asyncProperty(spec.arbitrary, async (input) => {
    let r: TrialResult;
    try {
      r = await spec.trial(input);
    } catch (e) {
      r = undecidedOrRethrow(e, () => (failing = true));
    }
    if (!failing) results.push(r);
  });
  const details = await fc.check(prop, checkParameters(ctx, spec));
  const base = { seed: ctx.seed, durationMs: performance.now() - started, decidedBy: spec.decidedBy };
  if (details.failed) return outcomeOfFailure(details, base, spec.describeInput);
  return summarize(results, base);
}
