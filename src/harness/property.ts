import fc from 'fast-check';
import { ClaimViolation, Inconclusive } from './errors.js';
import type { ClaimContext, Outcome, TrialResult } from './types.js';
import type { PlotSpec } from '../report/plot.js';
import { errorFields } from './outcome-kinds.js';

/** A property over generated inputs: the core of most claims. */
export interface PropertySpec<T> {
  /** inputs satisfying the claim's assumptions (verified by the arbitrary itself) */
  arbitrary: fc.Arbitrary<T>;
  /** number of inputs tried */
  numRuns: number;
  /**
   * Checks the claim on one input. Throws ClaimViolation to refute it (the only way to "violated"), throws
   * Inconclusive (or returns `inconclusive`) when the budget cannot decide; any other exception is an "error".
   */
  trial(input: T): TrialResult;
  /** the input as plain JSON for the report and the counterexample (default: the value itself) */
  describeInput?(input: T): unknown;
  /** which dynamics and budget decided the verdict, e.g. "GD, η = 1, to t = 1e6" */
  decidedBy?: string;
  /** inputs tried before the random ones (regression examples: counterexamples found by earlier searches) */
  examples?: T[];
}

/**
 * Runs a property with fast-check from the context's seed (or replays `ctx.path`), and turns the result into a
 * verdict: no failure → confirmed (or inconclusive if a trial could not decide), a ClaimViolation → violated
 * with the shrunk counterexample, anything else → error. A negative control stops at its first failure (no
 * shrinking): it only has to show that the claim can turn red.
 */
export function checkProperty<T>(ctx: ClaimContext, spec: PropertySpec<T>): Outcome {
  const started = performance.now();
  const results: TrialResult[] = [];
  let failing = false;
  const prop = fc.property(spec.arbitrary, (input) => {
    let r: TrialResult;
    try {
      r = spec.trial(input);
    } catch (e) {
      r = undecidedOrRethrow(e, () => (failing = true));
    }
    if (!failing) results.push(r);
  });
  const details = fc.check(prop, checkParameters(ctx, spec));
  const base = { seed: ctx.seed, durationMs: performance.now() - started, decidedBy: spec.decidedBy };
  if (details.failed) return outcomeOfFailure(details, base, spec.describeInput);
  return summarize(results, base);
}

/**
 * What a trial's exception means: an input outside the assumptions (fc.pre) is rethrown so fast-check draws
 * another; Inconclusive becomes an undecided trial; anything else marks the run as failing and is rethrown
 * (fast-check then shrinks it).
 */
export function undecidedOrRethrow(e: unknown, markFailing: () => void): TrialResult {
  if (fc.PreconditionFailure.isFailure(e)) throw e;
  if (!(e instanceof Inconclusive)) {
    markFailing();
    throw e;
  }
  return { figures: e.figures, inconclusive: e.message, plot: e.plot };
}

/**
 * fast-check's parameters for a claim's property: the context's seed, a replayed path without search, no shrinking
 * for controls and power runs, and the regression examples first — also when replaying: fast-check numbers the
 * examples before the generated inputs, so the path a run printed ("0" = the first example) points into the same
 * sequence only if the replay has the same examples (without them, "0" was the first *generated* input).
 */
export function checkParameters<T>(ctx: ClaimContext, spec: Pick<PropertySpec<T>, 'numRuns' | 'examples'>): fc.Parameters<[T]> {
  return {
    seed: ctx.seed,
    numRuns: spec.numRuns,
    path: ctx.path,
    endOnFailure: ctx.control || ctx.noShrink === true || ctx.path !== undefined,
    examples: (spec.examples ?? []).map((x) => [x] as [T]),
  };
}

/**
 * The verdict of a failed fast-check run: a ClaimViolation is "violated" with the shrunk counterexample and its
 * path; any other error is "error" (still with the counterexample, so the fault can be replayed).
 */
export function outcomeOfFailure<T>(
  details: { errorInstance: unknown; counterexample: [T] | null; counterexamplePath: string | null; numRuns: number },
  base: { seed: number; durationMs: number; decidedBy?: string },
  describeInput: ((x: T) => unknown) | undefined,
): Outcome {
  const err = details.errorInstance;
  const input = details.counterexample?.[0];
  const counterexample = input === undefined ? undefined : (describeInput ?? ((x: T) => x))(input);
  const path = details.counterexamplePath ?? undefined;
  if (err instanceof ClaimViolation)
    return { ...base, verdict: 'violated', message: err.message, figures: { ...err.figures }, plot: err.plot, path, counterexample, trials: details.numRuns, data: err.data };
  return { ...base, verdict: 'error', ...errorFields(err), figures: {}, path, counterexample, trials: details.numRuns };
}

/** The verdict of trials that all held: the trial with the smallest slack speaks for the run. */
export function summarize(results: TrialResult[], base: { seed: number; durationMs: number; decidedBy?: string }): Outcome {
  const undecided = results.filter((r) => r.inconclusive);
  const decided = results.filter((r) => !r.inconclusive);
  const worst = [...decided].sort((a, b) => (a.slack ?? Infinity) - (b.slack ?? Infinity))[0] ?? undecided[0];
  const minSlack = decided.reduce((m, r) => Math.min(m, r.slack ?? Infinity), Infinity);
  const figures: Record<string, number> = { ...(worst?.figures ?? {}), trials: results.length };
  if (Number.isFinite(minSlack)) figures.minSlack = minSlack;
  for (const [k, v] of Object.entries(figures))
    if (Number.isNaN(v)) return { ...base, verdict: 'error', message: `measurement "${k}" is NaN`, error: { kind: 'numerical', name: 'NaN' }, figures, trials: results.length };
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

export type { PlotSpec };
