/**
 * The decision rules of the claims, in one place: how a finite run decides a statement about a limit, a rate, a
 * bound or a monotone quantity, and the words of that rule (a claim's `expectation` is generated from the rule
 * and the constants it uses, so the text cannot drift from the code).
 *
 * Verdict policy (README, "Verdicts"): "violated" only for a refutation no longer horizon can undo — iterates
 * that stalled at a finite point, a certified bound broken, an observed rise of a quantity claimed monotone;
 * a finite horizon that cannot decide a limit or a rate is "inconclusive".
 */
import { Inconclusive } from './errors.js';

/**
 * A quantity that must tend to 0 (a gap, a deficit), observed at the start of the late window (√T) and at T.
 * - `maxShrink`: it must end at most this factor of its value at √T. 0.8 (LIMIT_MAX_SHRINK): the theorems'
 *   mechanisms shrink a gap over [√T, T] by 1/2 (rate c/log t), 0.68–0.70 (log log t/log t at T = 1e5–1e6),
 *   ≤ 0.63 (the deep linear deficits), 0.005–0.3 (the normalized steepest descents, measured); a quantity that
 *   settles at a positive value shrinks by a factor → 1 (reasoning beside each use).
 * - `resolution`: the level at which the quantity counts as 0, the numerical resolution of the run behind it:
 *   RESOLUTION.iterates = 1e-12 for float64 iterates of a discrete method (a unit-vector difference or a margin
 *   ratio formed from them carries a few hundred roundings of 2⁻⁵³ ≈ 1.1e-16, ~1e-14; 1e-12 leaves a factor 100),
 *   RESOLUTION.flow = 1e-9 for a flow integrated at relative tolerance 1e-9 (src/experiments/deep-linear.ts):
 *   below that a deficit is integration error, not signal. Those are the two values the copies of this rule used
 *   (gd-trials 1e-12, deep-linear-trials 1e-9): both right, each for its own kind of run.
 * - `endsLowest`: the quantity must also end at its lowest over [√T, T] (a gap still oscillating is undecided).
 * - `floor`: it must also end below this level (a level telling the limit apart from the alternatives).
 * - `stallRefutes`: iterates that stopped at a finite point with the quantity above the resolution refute the
 *   limit (it can never change again): "violated". Where no stall test applies (steepest descent on log F), false.
 */
export interface LimitRule {
  maxShrink: number;
  resolution: number;
  endsLowest?: boolean;
  floor?: number;
  stallRefutes: boolean;
}

export const LIMIT_MAX_SHRINK = 0.8;
export const RESOLUTION = { iterates: 1e-12, flow: 1e-9 } as const;

export type LimitDecision = 'exact' | 'stalled' | 'converging' | 'undecided';

/** The limit rule on one quantity: its value at √T and T, its lowest over [√T, T], and whether the run stalled. */
export function judgeLimit(rule: LimitRule, o: { atSqrtT: number; atT: number; lowestLate?: number; stalled?: boolean }): LimitDecision {
  const res = rule.resolution;
  if (Math.abs(o.atSqrtT) <= res && Math.abs(o.atT) <= res) return 'exact';
  if (rule.stallRefutes && o.stalled && Math.abs(o.atT) > res) return 'stalled';
  if (!(o.atT <= rule.maxShrink * o.atSqrtT)) return 'undecided';
  if (rule.endsLowest && o.lowestLate !== undefined && o.atT > o.lowestLate) return 'undecided';
  if (rule.floor !== undefined && !(o.atT <= rule.floor)) return 'undecided';
  return 'converging';
}

/** The shrink factor reported for a quantity (0 where it is at the resolution at both ends). */
export function shrinkOf(rule: LimitRule, atSqrtT: number, atT: number): number {
  return Math.abs(atSqrtT) <= rule.resolution && Math.abs(atT) <= rule.resolution ? 0 : atT / atSqrtT;
}

/**
 * The words of a limit rule. `quantity` names it ("the angle gap"); `floor` describes the floor when the rule has
 * one; `alsoConfirmed` / `alsoViolated` add the clauses a claim applies besides the rule (e.g. a rate envelope).
 */
export function limitRuleText(rule: LimitRule, o: { quantity: string; floor?: string; alsoConfirmed?: string; alsoViolated?: string; stalledWhat?: string }): string {
  const confirm = [
    `${o.quantity} is at the run's resolution (≤ ${rule.resolution}) at √T and T`,
    `it shrinks over [√T, T] by a factor ≤ ${rule.maxShrink}${rule.endsLowest ? ' and ends at its lowest over [√T, T]' : ''}${rule.floor !== undefined ? ` and ends below ${o.floor ?? rule.floor}` : ''}`,
    ...(o.alsoConfirmed ? [o.alsoConfirmed] : []),
  ];
  const violate = [
    ...(rule.stallRefutes ? [`the iterates stopped at a finite point (${o.stalledWhat ?? 'relative change ≤ 1e-9 over the last decade'}) with ${o.quantity} above ${rule.resolution}`] : []),
    ...(o.alsoViolated ? [o.alsoViolated] : []),
  ];
  return `confirmed when ${confirm.join(', or ')}; ${violate.length ? `violated when ${violate.join(', or when ')}; ` : ''}inconclusive otherwise (reasoning beside LIMIT_MAX_SHRINK, src/harness/rules.ts)`;
}

/**
 * A rate "f(t) = O(r(t))", checked as "f/r does not grow beyond its predicted finite limit" over [√T, T]: f/r at T
 * must be at most (1 + growthTol) × max(f/r at √T, the predicted limit). RATE_GROWTH_TOL = 0.25: a bounded f/r
 * settling to its limit changes by O(1/log T), while the slower alternatives grow by fixed factors over [√T, T]
 * (log log t/log t against 1/log t by 1.36 at T = 1e6; a non-vanishing f by 2). A value at the resolution at √T
 * and T counts as converged. Growth beyond is not a refutation (a bounded quantity may still be settling) unless
 * the iterates stalled with f above the resolution (then f/r grows like 1/r forever): "violated".
 */
export interface RateRule {
  growthTol: number;
  resolution: number;
}
export const RATE_GROWTH_TOL = 0.25;

export type RateDecision = 'exact' | 'within' | 'stalled' | 'undecided';

export function judgeRate(rule: RateRule, o: { fAtSqrtT: number; fAtT: number; scaledAtSqrtT: number; scaledAtT: number; predictedLimit: number; stalled: boolean }): { decision: RateDecision; ceiling: number } {
  const ceiling = (1 + rule.growthTol) * Math.max(o.scaledAtSqrtT, Number.isFinite(o.predictedLimit) ? o.predictedLimit : 0);
  if (Math.abs(o.fAtSqrtT) <= rule.resolution && Math.abs(o.fAtT) <= rule.resolution) return { decision: 'exact', ceiling };
  if (o.scaledAtT <= ceiling) return { decision: 'within', ceiling };
  if (o.stalled && Math.abs(o.fAtT) > rule.resolution) return { decision: 'stalled', ceiling };
  return { decision: 'undecided', ceiling };
}

export function rateRuleText(rule: RateRule, o: { scaled: string }): string {
  return `confirmed when ${o.scaled} at T is ≤ ${1 + rule.growthTol} × max(its value at √T, its limit predicted from w̃) (an upper-bound check: data converging faster pass), or the quantity is at the resolution (≤ ${rule.resolution}) at √T and T; violated when the iterates stopped at a finite point (then ${o.scaled} grows without bound); inconclusive otherwise (reasoning beside RATE_GROWTH_TOL, src/harness/rules.ts)`;
}

/**
 * A certified bound "value ≤ bound" (or ≥) at every checked point, up to a relative tolerance that comes from the
 * certification of the bound's constants (e.g. an LP or SVM duality gap): `tol` relative to the bound.
 */
export function withinBound(value: number, bound: number, side: 'at most' | 'at least', tol: number): boolean {
  return side === 'at most' ? value <= bound * (1 + tol) : value >= bound * (1 - tol);
}

export function boundRuleText(o: { value: string; side: 'at most' | 'at least'; bound: string; tol: number; where: string }): string {
  return `confirmed when ${o.value} is ${o.side} ${o.bound}·(1 ${o.side === 'at most' ? '+' : '−'} ${o.tol}) ${o.where}; violated at the first point outside (a certified bound broken)`;
}

/** A quantity claimed non-decreasing: no drop larger than `tol` relative to its magnitude between checkpoints. */
export function largestRelativeDrop(values: readonly number[]): { drop: number; at: number } {
  let drop = 0;
  let at = -1;
  for (let i = 1; i < values.length; i++) {
    const d = (values[i - 1] - values[i]) / Math.max(Math.abs(values[i - 1]), Number.MIN_VALUE);
    if (d > drop) [drop, at] = [d, i];
  }
  return { drop, at };
}

export function monotoneRuleText(o: { quantity: string; tol: number; also?: string }): string {
  return `confirmed when ${o.quantity} never drops by more than ${o.tol} (relative) between checkpoints${o.also ? ` and ${o.also}` : ''}; violated at an observed drop beyond it (a rise or drop no longer horizon undoes)`;
}

/**
 * The retry rule: a trial its horizon T does not decide is run again, on the same data, to one longer horizon before
 * its verdict is "inconclusive" — where a longer run is cheap and is what decides a limit (the reasons and the seeds
 * that needed it are beside each use). The longer horizon is
 * - `factor` × T for the iterations of a discrete method: RETRY_FACTOR = 10, one more decade of t — the late window
 *   [√T, T] moves by half a decade at each end, past the transients that left the trials measured undecided
 *   (gd-residual-bounded seed 909 at the default profile, decided at 10 T; exp-loss-same-implicit-bias seed 303;
 *   optimizer-determines-solution seed 606: see each claim), at 10× the cost of the run (seconds at most);
 * - T^`power` for a log-time flow (src/experiments/deep-linear.ts), whose cost grows like log T: T² doubles the
 *   decades the late window [√T, T] spans, for the price of a second run.
 * One retry: a trial the longer horizon leaves undecided is inconclusive there (its message names that horizon).
 */
export type RetryRule = { readonly factor: number } | { readonly power: number };

export const RETRY_FACTOR = 10;
export const RETRY_DECADE: RetryRule = { factor: RETRY_FACTOR };
export const RETRY_SQUARE: RetryRule = { power: 2 };

/** The horizon of the second run of a trial T leaves undecided. */
export function longerHorizon(rule: RetryRule, T: number): number {
  const h = 'factor' in rule ? T * rule.factor : T ** rule.power;
  if (!(h > T && Number.isFinite(h))) throw new RangeError(`retry rule ${JSON.stringify(rule)}: the longer horizon ${h} is not a finite horizon beyond T = ${T}`);
  return h;
}

/**
 * run(T), and where that is undecided — it throws Inconclusive, or `undecided(result)` holds — run(longerHorizon)
 * once: its result (or its Inconclusive, or any other throw) is the trial's. Any other throw of the first run
 * (a violation, an error) is final. Returns the result and the horizon that produced it.
 */
export function retryUndecided<R>(rule: RetryRule, T: number, run: (horizon: number) => R, undecided: (r: R) => boolean = () => false): { result: R; horizon: number } {
  let first: R;
  try {
    first = run(T);
  } catch (e) {
    if (!(e instanceof Inconclusive)) throw e;
    const horizon = longerHorizon(rule, T);
    return { result: run(horizon), horizon };
  }
  if (!undecided(first)) return { result: first, horizon: T };
  const horizon = longerHorizon(rule, T);
  return { result: run(horizon), horizon };
}

/**
 * The words of a retry rule, for a claim's "decided by" and measurement text: "a trial that horizon does not decide is
 * run again, once, to 10 T = 1e+6" (the longer horizon when T is given).
 */
export function retryRuleText(rule: RetryRule, T?: number): string {
  const to = 'factor' in rule ? `${rule.factor} T` : `T${rule.power === 2 ? '²' : `^${rule.power}`}`;
  return `a trial that horizon does not decide is run again, once, to ${to}${T === undefined ? '' : ` = ${longerHorizon(rule, T).toExponential(0)}`}`;
}
