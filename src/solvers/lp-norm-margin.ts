/**
 * The l_p max margin for 1 < p < ∞, certified by duality (the same certificate as the l1/l∞ LPs of lp.ts):
 *
 *   γ̄_p = max_{‖w‖_p ≤ 1} min_i ⟨w, z_i⟩ = min_{λ ∈ Δ_n} ‖Σ_i λ_i z_i‖_q,   1/p + 1/q = 1.
 *
 * For any λ ∈ Δ_n and any w with ‖w‖_p ≤ 1: min_i ⟨w, z_i⟩ ≤ γ̄_p ≤ ‖Zᵀλ‖_q (weak duality), so a pair whose two
 * values agree to `tol` (relative) proves γ̄_p to that accuracy. The dual is solved by accelerated projected
 * gradient (FISTA with restarts) on ½‖Zᵀλ‖_q² over the simplex; the primal point is the norming functional of
 * u = Zᵀλ, w_k = sign(u_k)|u_k|^{q−1}/‖u‖_q^{q−1} (‖w‖_p = 1), which is the maximizer when λ is optimal.
 * No answer without the certificate: a gap above tol throws SolverVerificationError ("error", never a verdict);
 * data with γ̄_p ≤ 0 throw AssumptionError. For 1 < p < ∞ the l_p ball is strictly convex, so the maximizer is
 * unique, and it is what mirror descent with ψ = ‖w‖_p^p/p converges to.
 */
import { AssumptionError, SolverVerificationError } from '../harness/errors.js';

/** Acceptance tolerance on the relative duality gap (measured gaps: see test/solvers/lp-norm-margin.test.ts). */
export const LP_NORM_TOL = 1e-6;
const MAX_ITER = 200_000;

export interface LpNormMargin {
  /** the maximizer, ‖w‖_p = 1 */
  readonly w: Float64Array;
  /** min_i ⟨w, z_i⟩: certified lower bound on γ̄_p */
  readonly gamma: number;
  /** ‖Zᵀλ‖_q: certified upper bound */
  readonly gammaUpper: number;
  readonly lambda: Float64Array;
  readonly dualGap: number;
  readonly iterations: number;
}

const normQ = (u: Float64Array, q: number) => u.reduce((s, v) => s + Math.abs(v) ** q, 0) ** (1 / q);

/** Euclidean projection onto the probability simplex (sort-based), in place. */
export function projectSimplex(v: Float64Array): void {
  const s = Array.from(v).sort((a, b) => b - a);
  let cum = 0;
  let theta = 0;
  for (let j = 0; j < s.length; j++) {
    cum += s[j];
    const t = (cum - 1) / (j + 1);
    if (s[j] - t > 0) theta = t;
  }
  for (let i = 0; i < v.length; i++) v[i] = Math.max(v[i] - theta, 0);
}

/** The certified l_p max margin of Z (point-major n×d), 1 < p < ∞. */
export function maxMarginLpNorm(Z: Float64Array, n: number, d: number, p: number, tol = LP_NORM_TOL): LpNormMargin {
  if (!(p > 1 && Number.isFinite(p))) throw new RangeError(`maxMarginLpNorm: p must be in (1, ∞), got ${p}`);
  const q = p / (p - 1);
  const u = new Float64Array(d);
  const grad = new Float64Array(n);
  const ZtOf = (lam: Float64Array) => {
    u.fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) u[k] += lam[i] * Z[i * d + k];
    return u;
  };
  const f = (lam: Float64Array) => 0.5 * normQ(ZtOf(lam), q) ** 2;
  // ∇_λ ½‖Zᵀλ‖_q² = Z·(‖u‖_q^{2−q} sign(u)|u|^{q−1})
  const gradient = (lam: Float64Array) => {
    const uu = ZtOf(lam);
    const r = normQ(uu, q);
    const c = r > 0 ? r ** (2 - q) : 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += Z[i * d + k] * c * Math.sign(uu[k]) * Math.abs(uu[k]) ** (q - 1);
      grad[i] = s;
    }
  };
  const certify = (lam: Float64Array) => {
    const uu = Float64Array.from(ZtOf(lam));
    const upper = normQ(uu, q);
    const w = Float64Array.from(uu, (v) => (upper > 0 ? (Math.sign(v) * Math.abs(v) ** (q - 1)) / upper ** (q - 1) : 0));
    let lower = Infinity;
    for (let i = 0; i < n; i++) lower = Math.min(lower, Z.subarray(i * d, i * d + d).reduce((s, v, k) => s + v * w[k], 0));
    return { w, lower, upper, gap: (upper - lower) / Math.max(upper, 1e-300), lambda: Float64Array.from(lam) };
  };
  let lam: Float64Array = new Float64Array(n).fill(1 / n);
  let y: Float64Array = Float64Array.from(lam);
  let tk = 1;
  let step = 1;
  let best = certify(lam);
  let it = 0;
  for (; it < MAX_ITER && !(best.gap <= tol / 4); it++) {
    gradient(y);
    const fy = f(y);
    let next: Float64Array;
    // backtracking on the step (the objective is not globally smooth for q < 2)
    for (;;) {
      next = Float64Array.from(y, (v, i) => v - step * grad[i]);
      projectSimplex(next);
      const diff = next.reduce((s, v, i) => s + (v - y[i]) * grad[i] + (v - y[i]) ** 2 / (2 * step), 0);
      if (f(next) <= fy + diff + 1e-18 || step < 1e-14) break;
      step /= 2;
    }
    const tn = (1 + Math.sqrt(1 + 4 * tk * tk)) / 2;
    const restart = f(next) > f(lam);
    y = restart ? Float64Array.from(next) : Float64Array.from(next, (v, i) => v + ((tk - 1) / tn) * (v - lam[i]));
    tk = restart ? 1 : tn;
    lam = next;
    step *= 1.5;
    if (it % 50 === 0) {
      const c = certify(lam);
      if (c.gap < best.gap) best = c;
    }
  }
  const c = certify(lam);
  if (c.gap < best.gap) best = c;
  if (!(best.upper > 1e-12)) throw new AssumptionError(`maxMarginLpNorm: the data are not separable through the origin (‖Zᵀλ‖_q = ${best.upper.toExponential(2)} for some λ in the simplex)`);
  if (!(best.gap <= tol))
    throw new SolverVerificationError(`maxMarginLpNorm(p = ${p}): relative duality gap ${best.gap.toExponential(2)} > ${tol} after ${it} iterations`, { dualGap: best.gap });
  return { w: best.w, gamma: best.lower, gammaUpper: best.upper, lambda: best.lambda, dualGap: best.gap, iterations: it };
}
