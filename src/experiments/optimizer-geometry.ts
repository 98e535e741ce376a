import type { Dataset } from '../data/dataset.js';
import { maxMarginLp } from '../solvers/lp.js';
import { hardMarginSVM } from '../solvers/svm.js';
import type { MarginData, Objective } from '../optimizers/types.js';
import { logObjective, marginObjective } from '../optimizers/objectives.js';
import { exponential } from '../losses/loss.js';
import type { GuardedOptimizer } from '../impl/guard.js';
import type { OptimizerRole } from '../impl/interface.js';
import type { Subject } from '../impl/subject.js';
import { traceOptimizer, type LsTrace } from './least-squares.js';
import { LIMIT_MAX_SHRINK, RESOLUTION, judgeLimit, type LimitRule } from '../harness/rules.js';
import { minMargin } from '../metrics/margins.js';

/** The three geometries of "choice of optimizer ⇔ choice of solution": l1 (coordinate descent), l2 (GD), l∞ (sign descent). */
export type Geometry = 'l1' | 'l2' | 'linf';
export const GEOMETRIES: readonly Geometry[] = ['l1', 'l2', 'linf'];

/** ‖v‖ in a geometry, and its dual norm (l1 ↔ l∞, l2 ↔ l2). */
export function normOf(v: ArrayLike<number>, g: Geometry): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) {
    const a = Math.abs(v[k]);
    s = g === 'l1' ? s + a : g === 'l2' ? s + a * a : Math.max(s, a);
  }
  return g === 'l2' ? Math.sqrt(s) : s;
}
export const dualOf = (g: Geometry): Geometry => (g === 'l1' ? 'linf' : g === 'linf' ? 'l1' : 'l2');

/** γ_g(w) = min_i ⟨w, z_i⟩ / ‖w‖_g. */
export function marginIn(ds: Dataset, w: ArrayLike<number>, g: Geometry): number {
  return minMargin(ds.Z, ds.n, ds.d, w) / normOf(w, g);
}

/** A verified max-margin solution in one geometry: unit-norm w, γ̄, and the dual weights on the points. */
export interface GeometryReference {
  w: Float64Array;
  gamma: number;
  /** dual certificate: λ (LP, on the simplex) or α (SVM); positive only on support points */
  weights: Float64Array;
}

/** The l1 and l∞ max margins by LP (primal–dual certified) and the l2 one by the hard-margin SVM (KKT certified). */
export async function geometryReferences(ds: Dataset): Promise<Record<Geometry, GeometryReference>> {
  const l1 = await maxMarginLp(ds.Z, ds.n, ds.d, 1);
  const linf = await maxMarginLp(ds.Z, ds.n, ds.d, 'inf');
  const l2 = hardMarginSVM(ds.Z, ds.n, ds.d);
  return {
    l1: { w: l1.w, gamma: l1.gamma, weights: l1.lambda },
    l2: { w: l2.direction, gamma: l2.gamma, weights: l2.alpha },
    linf: { w: linf.w, gamma: linf.gamma, weights: linf.lambda },
  };
}

/** 1 − γ_g(w)/γ̄_g: how far w is, in geometry g's margin, from g's max margin (0 at a maximizer). */
export function gapIn(ds: Dataset, refs: Record<Geometry, GeometryReference>, w: ArrayLike<number>, g: Geometry): number {
  return 1 - marginIn(ds, w, g) / refs[g].gamma;
}

/**
 * Cross gaps: crossGap[r][g] = g-gap of geometry r's solution — how far the limit of r's method is from g's max
 * margin. "The limits differ" where every crossGap[r][g], r ≠ g, is positive.
 */
export function crossGaps(ds: Dataset, refs: Record<Geometry, GeometryReference>): Record<Geometry, Record<Geometry, number>> {
  const out = {} as Record<Geometry, Record<Geometry, number>>;
  for (const r of GEOMETRIES) {
    out[r] = {} as Record<Geometry, number>;
    for (const g of GEOMETRIES) out[r][g] = gapIn(ds, refs, refs[r].w, g);
  }
  return out;
}

/**
 * Why the data are not in general position for the geometry claim, or null: in each geometry, every point on
 * the margin carries dual weight ≥ 5% of the largest (unique, non-degenerate solution), and every other point
 * has margin ≥ (1 + delta)·γ̄ (its pull fades like e^{−δγ̄‖w‖}). For the polyhedral balls also the primal side:
 * each coordinate of the l∞ solution is at ±1 or ≥ delta inside, each coordinate of the l1 solution is 0 or
 * ≥ delta·max_k|w_k| — a solution just off a vertex (found: |w_3| = 1 − 4e-5) holds sign descent or CD on
 * that vertex until ‖w‖·Δ ≫ 1, Δ the tiny margin difference there (≈ 1e6 steps for Δ = 2e-5).
 */
export function notInGeneralPositionGeometry(ds: Dataset, refs: Record<Geometry, GeometryReference>, delta: number, geometries: readonly Geometry[] = GEOMETRIES): string | null {
  for (const g of geometries) {
    const { w, gamma, weights } = refs[g];
    const wmax = Math.max(...weights);
    const scale = gamma * normOf(w, g);
    for (let i = 0; i < ds.n; i++) {
      let u = 0;
      for (let k = 0; k < ds.d; k++) u += w[k] * ds.Z[i * ds.d + k];
      const ratio = u / scale;
      if (ratio <= 1 + 1e-7 && weights[i] < 0.05 * wmax) return `${g}: point ${i} is on the margin with dual weight ${weights[i].toPrecision(3)} < 5% of the largest`;
      if (ratio > 1 + 1e-7 && ratio < 1 + delta) return `${g}: point ${i} is ${((ratio - 1) * 100).toFixed(1)}% beyond the margin (< ${delta * 100}%)`;
    }
    const top = normOf(w, 'linf');
    for (let k = 0; k < w.length; k++) {
      const a = Math.abs(w[k]) / top;
      if (g === 'linf' && a < 1 - 1e-7 && a > 1 - delta) return `linf: the solution's coordinate ${k} is ${(1 - a).toExponential(2)} inside ±1 (< ${delta})`;
      if (g === 'l1' && a > 1e-7 && a < delta) return `l1: the solution's coordinate ${k} is ${a.toExponential(2)} of the largest (< ${delta})`;
    }
  }
  return null;
}

/**
 * Steepest descent with respect to ‖·‖_g on the exponential loss F(w) = Σ_i exp(−⟨w, z_i⟩), with steps within the
 * bound of Gunasekar, Lee, Soudry, Srebro (ICML 2018, steepest descent on separable data with the exponential
 * loss), η_t ≤ 1/(B² F(w_t)), B = max_i ‖z_i‖_* (dual norm): η_t = c_t/(B² F(w_t)), c_t = c/(t + 1)^p ≤ 1,
 *
 *   w_{t+1} = w_t − η_t ‖∇F‖_* · s(∇F),   s(q) = argmax_{‖v‖_g ≤ 1} ⟨v, q⟩
 *
 * run by the subject's roles (ROLE_OF): l2 is normalized GD (η∇F/F, `normalizedGd`), l∞ is sign descent
 * (η‖g‖₁ sign g, `signDescent`) and l1 is greedy coordinate descent with a fixed step (`coordinateDescent`,
 * ties to the smallest k), the last two on log F (logObjective: gradient ∇F/F, so a step η on log F is the step
 * η/F on F). Every role takes η = c/B² and `decayPower` p; ∇F/F is read in the log domain (the largest exponent
 * factored out), so nothing underflows however large the margins grow; ‖w_t‖ grows like Σ c_t instead of log t.
 * The decay matters: with a constant c the steps never shrink and the limit margin is only guaranteed
 * ≥ (1 − c/2)γ̄ (the one-step bound Δ(−log F) ≥ c γ_t²(1 − c/2), Δ‖w‖ ≤ cγ_t: shrinkage in Telgarsky's 2013
 * sense) — measured: c = ½ ends 3% below γ̄ on a ±1 weak-learner matrix, its gap growing. Any p > 0 makes the
 * bias vanish; p = ¼ (STEEPEST_DECAY) keeps ‖w_t‖ growing like t^{3/4}, fast enough to cross near-ties at vertices
 * (the time to leave one grows like 1/Δ^{1/(1−p)}): over 145 measured runs (d = 3 data and ±1 matrices) p = ¼
 * decided every one by T = 2e4, p = ½ left 2 undecided at 5e4 (slow transients). (The theorem also caps η_t by a
 * finite η₊; on a finite horizon any η₊ ≥ max_{t≤T} η_t — finite — leaves these iterates unchanged.)
 */
export const ROLE_OF: Record<Geometry, OptimizerRole> = { l1: 'coordinateDescent', l2: 'normalizedGd', linf: 'signDescent' };
export const STEEPEST_DECAY = 0.25;

export function steepestDescent(subject: Subject, ds: MarginData, geometry: Geometry, opts: { c?: number; decayPower?: number } = {}): { opt: GuardedOptimizer; obj: Objective } {
  const c = opts.c ?? 1;
  if (!(c > 0 && c <= 1)) throw new RangeError(`steepest descent [${geometry}]: c must be in (0, 1] (the theorem's step bound), got ${c}`);
  const p = opts.decayPower ?? STEEPEST_DECAY;
  if (!(p >= 0 && p < 1)) throw new RangeError(`steepest descent [${geometry}]: decayPower must be in [0, 1), got ${p}`);
  let b = 0;
  for (let i = 0; i < ds.n; i++) b = Math.max(b, normOf(ds.Z.subarray(i * ds.d, (i + 1) * ds.d), dualOf(geometry)));
  const hyper = { eta: c / (b * b), decayPower: p, ...(geometry === 'l1' ? { lineSearch: 'fixed' } : {}) };
  const F = marginObjective(ds, exponential);
  const opt = subject.optimizer(ROLE_OF[geometry], hyper, [ds.Z]);
  return { opt, obj: geometry === 'l2' ? F : logObjective(F) };
}

/** The subject's steepest descent in a geometry from w_0 = 0 for T steps, traced at checkpoints ×ratio; inputs verified. */
export function steepestDescentTrace(subject: Subject, ds: MarginData, geometry: Geometry, T: number, ratio = 1.25): LsTrace {
  const { opt, obj } = steepestDescent(subject, ds, geometry);
  const trace = traceOptimizer(opt, obj, new Float64Array(ds.d), T, ratio);
  opt.verifyInputs();
  return trace;
}

/** The method whose implicit bias is each geometry's max margin. */
export const METHOD_OF: Record<Geometry, string> = { l1: 'coordinate descent', l2: 'gradient descent', linf: 'sign descent' };

/**
 * The decision rule of the margin-limit claims (γ_g(w_t) → γ̄_g for steepest descent in geometry g), on the g-gap
 * at √T and T: the limit rule of src/harness/rules.ts (MARGIN_RULE: LIMIT_MAX_SHRINK = 0.8 — the theorem gives no
 * rate; the steepest descents' gaps fall by factors 0.005–0.3 over [√T, T] (measured, T = 2e4–5e4), while a plateau
 * (a vertex where sign descent or CD waits, or a biased limit) stays near 1 or rises — the resolution of float64
 * iterates, and a `floor` per claim, a level that tells the limit apart from the alternatives), plus a refutation
 * of its own instead of the stall rule (steepest descent on log F never stalls):
 * - 'other': the method has converged to another geometry r's max margin instead — its g-gap is ≥ floor, has not
 *   shrunk by the factor LIMIT_MAX_SHRINK over [√T, T] (settled: a run still closing in on γ̄_g may pass near another
 *   geometry's solution on its way), and its r-gap is ≤ MARGIN_NEAR_FRACTION = ¼ of it: it is four times nearer to being r-optimal than g-optimal, and at
 *   least `floor` short of γ̄_g. Measured on the controls (a method judged by another geometry): r-gap/g-gap
 *   0.001–0.15 at T = 2e4 over 65 runs.
 * - 'undecided': anything else (a longer horizon decides).
 */
export const MARGIN_RULE: LimitRule = { maxShrink: LIMIT_MAX_SHRINK, resolution: RESOLUTION.iterates, stallRefutes: false };
export const MARGIN_NEAR_FRACTION = 0.25;
export const MARGIN_OTHER_TEXT = `the method converged to another geometry's max margin instead (${1 / MARGIN_NEAR_FRACTION}× nearer to it than to its own, and at least the floor short of its own)`;

export function judgeMarginLimit(o: { gapAtT: number; gapAtSqrtT: number; floor: number; nearestOther: { geometry: Geometry; gap: number } | null }): 'exact' | 'converging' | 'other' | 'undecided' {
  const d = judgeLimit({ ...MARGIN_RULE, floor: o.floor }, { atSqrtT: o.gapAtSqrtT, atT: o.gapAtT });
  if (d === 'exact' || d === 'converging') return d;
  if (o.gapAtT >= o.floor && o.gapAtT > LIMIT_MAX_SHRINK * o.gapAtSqrtT && o.nearestOther && o.nearestOther.gap <= MARGIN_NEAR_FRACTION * o.gapAtT) return 'other';
  return 'undecided';
}

/** The other geometry whose max margin w is closest to (smallest gap). */
export function nearestOtherGeometry(ds: Dataset, refs: Record<Geometry, GeometryReference>, w: ArrayLike<number>, g: Geometry): { geometry: Geometry; gap: number } {
  return GEOMETRIES.filter((r) => r !== g).map((r) => ({ geometry: r, gap: gapIn(ds, refs, w, r) })).sort((a, b) => a.gap - b.gap)[0];
}
