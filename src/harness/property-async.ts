import fc from 'fast-check';
import { ClaimViolation, Inconclusive } from './errors.js';
import type { ClaimContext, Outcome, TrialResult } from './types.js';
import type { PropertySpec } from './property.js';

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
      if (fc.PreconditionFailure.isFailure(e)) throw e; // input outside the assumptions: fast-check draws another
      if (!(e instanceof Inconclusive)) {
        failing = true;
        throw e;
      }
      r = { figures: e.figures, inconclusive: e.message, plot: e.plot };
    }
    if (!failing) results.push(r);
  });
  const details = await fc.check(prop, {
    seed: ctx.seed,
    numRuns: spec.numRuns,
    path: ctx.path,
    endOnFailure: ctx.control || ctx.path !== undefined,
  });
  const base = { seed: ctx.seed, durationMs: performance.now() - started, decidedBy: spec.decidedBy };
  if (details.failed) {
    const err = details.errorInstance;
    const input = details.counterexample?.[0];
    const counterexample = input === undefined ? undefined : (spec.describeInput ?? ((x: T) => x))(input);
    const path = details.counterexamplePath ?? undefined;
    if (err instanceof ClaimViolation) {
      return { ...base, verdict: 'violated', message: err.message, figures: { ...err.figures }, plot: err.plot, path, counterexample, trials: details.numRuns, data: err.data };
    }
    const e = err instanceof Error ? err : new Error(String(err));
    return { ...base, verdict: 'error', message: `${e.name}: ${e.message}`, figures: {}, path, counterexample, trials: details.numRuns };
  }
  return summarizeTrials(results, base);
}

/**
 * The verdict of trials that all held, exactly as property.ts's (private) `summarize`: the trial with the
 * smallest slack speaks for the run; any undecided trial makes the run inconclusive; a NaN figure is an error.
 */
export function summarizeTrials(results: TrialResult[], base: { seed: number; durationMs: number; decidedBy?: string }): Outcome {
  const undecided = results.filter((r) => r.inconclusive);
  const decided = results.filter((r) => !r.inconclusive);
  const worst = [...decided].sort((a, b) => (a.slack ?? Infinity) - (b.slack ?? Infinity))[0] ?? undecided[0];
  const minSlack = decided.reduce((m, r) => Math.min(m, r.slack ?? Infinity), Infinity);
  const figures: Record<string, number> = { ...(worst?.figures ?? {}), trials: results.length };
  if (Number.isFinite(minSlack)) figures.minSlack = minSlack;
  for (const [k, v] of Object.entries(figures))
    if (Number.isNaN(v)) return { ...base, verdict: 'error', message: `measurement "${k}" is NaN`, figures, trials: results.length };
  if (undecided.length > 0) {
    return {
      ...base,
      verdict: 'inconclusive',
      message: `${undecided.length} of ${results.length} trials could not be decided: ${undecided[0].inconclusive}`,
      figures,
      plot: undecided[0].plot,
      data: undecided[0].data,
      trials: results.length,
    };
  }
  return {
    ...base,
    verdict: 'confirmed',
    message: `held on ${results.length} datasets` + (Number.isFinite(minSlack) ? `; smallest slack ${minSlack.toPrecision(3)}` : ''),
    figures,
    plot: worst?.plot,
    data: worst?.data,
    minSlack: Number.isFinite(minSlack) ? minSlack : undefined,
    trials: results.length,
  };
}
