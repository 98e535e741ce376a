import { Matrix, SingularValueDecomposition, solve } from 'ml-matrix';
import type { SvmSolution } from './svm.js';

/**
 * The dual multipliers that GD's limit selects, and whether the data are degenerate (Soudry et al. 2018, JMLR).
 *
 * GD on separable data with an exponential tail behaves as w_t = ŵ log t + ρ(t); when ρ(t) → w̃, the support
 * vectors satisfy η e^{−⟨z_s, w̃⟩} = α_s with ŵ = Σ_s α_s z_s (eq. (8) and Thm 3). Conversely those equations say
 * that v = w̃ − (log η)·(anything with ⟨z_s, ·⟩ = 1) is a stationary point of the convex function
 *     f(v) = Σ_{s∈S} e^{−⟨z_s, v⟩} + ⟨ŵ, v⟩      (∇f = ŵ − Σ_s e^{−⟨z_s, v⟩} z_s),
 * restricted to span{z_s}. So the limit's dual is α_s = e^{−⟨z_s, v*⟩} at the minimizer v* of f: unique even when
 * the SVM's dual is not (repeated or more than rank-many support vectors), and all α_s > 0. f attains its minimum
 * iff ŵ lies in the relative interior of the cone of the z_s, i.e. iff some dual with every α_s > 0 exists —
 * otherwise the data are *degenerate* (Soudry et al. Sec. 4: a support vector that no dual needs; ρ then grows
 * like log log t and the direction gap is O(log log t / log t), not O(1/log t)). Measure zero, but real data
 * (and constructions such as src/data/degenerate.ts) hit it.
 *
 * Computed by damped Newton on f in coordinates of an orthonormal basis of the support span. On degenerate data
 * f has a direction of recession along which Newton drives the unneeded α_s to 0 geometrically (a factor ≈ e per
 * iteration: Newton on e^{−x} moves x by 1); after MAX_ITER iterations those α_s are below DEGENERATE_RATIO of
 * the largest, which is the test. On non-degenerate data Newton converges quadratically (≲ 30 iterations).
 */
export const DEGENERATE_RATIO = 1e-9;
const MAX_ITER = 200;

export interface LimitDual {
  /** the limit's multipliers (length n; zero off the support) */
  alpha: Float64Array;
  /** true when no dual with every support α_s > 0 exists (Sec. 4 degenerate data) */
  degenerate: boolean;
  /** support points whose α is ≤ DEGENERATE_RATIO · max α (empty unless degenerate) */
  unneeded: number[];
  /** relative stationarity ‖ŵ − Σα_s z_s‖/‖ŵ‖ reached */
  residual: number;
  iterations: number;
}

export function limitDual(Z: Float64Array, d: number, svm: SvmSolution): LimitDual {
  const S = svm.support;
  const A = new Matrix(S.map((s) => Array.from(Z.subarray(s * d, (s + 1) * d))));
  const svd = new SingularValueDecomposition(A.transpose(), { autoTranspose: true });
  const sv = svd.diagonal;
  const r = sv.filter((x) => x > 1e-12 * sv[0]).length;
  const V = svd.leftSingularVectors.subMatrix(0, d - 1, 0, r - 1); // d×r orthonormal basis of the span
  const Zh = A.mmul(V); // k×r coordinates of the support vectors
  const wh = Matrix.rowVector(Array.from(svm.w)).mmul(V).to1DArray();
  const k = S.length;
  // start: u_s = −log α_s from the SVM's dual (clipped away from 0), least squares in v
  const amax = Math.max(...S.map((s) => svm.alpha[s]));
  const u0 = S.map((s) => -Math.log(Math.max(svm.alpha[s], 1e-3 * amax)));
  let v = solve(Zh, Matrix.columnVector(u0), true).to1DArray();
  const alphaAt = (x: number[]) => Zh.mmul(Matrix.columnVector(x)).to1DArray().map((u) => Math.exp(-u));
  const f = (x: number[]) => alphaAt(x).reduce((a, b) => a + b, 0) + x.reduce((a, b, j) => a + b * wh[j], 0);
  const whNorm = Math.hypot(...wh);
  let it = 0;
  let residual = Infinity;
  for (; it < MAX_ITER; it++) {
    const a = alphaAt(v);
    const g = wh.map((w, j) => w - a.reduce((acc, aa, s) => acc + aa * Zh.get(s, j), 0));
    residual = Math.hypot(...g) / whNorm;
    if (residual <= 1e-13) break;
    const H = new Matrix(r, r);
    for (let s = 0; s < k; s++) for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) H.set(i, j, H.get(i, j) + a[s] * Zh.get(s, i) * Zh.get(s, j));
    const step = solve(H, Matrix.columnVector(g.map((x) => -x)), true).to1DArray();
    const f0 = f(v);
    const slope = step.reduce((acc, x, j) => acc + x * g[j], 0);
    let tau = 1;
    while (tau > 1e-12 && !(f(v.map((x, j) => x + tau * step[j])) <= f0 + 1e-4 * tau * slope)) tau /= 2;
    if (tau <= 1e-12) break;
    v = v.map((x, j) => x + tau * step[j]);
  }
  const a = alphaAt(v);
  const alpha = new Float64Array(svm.alpha.length);
  S.forEach((s, j) => (alpha[s] = a[j]));
  const top = Math.max(...a);
  const unneeded = S.filter((_, j) => a[j] <= DEGENERATE_RATIO * top);
  return { alpha, degenerate: unneeded.length > 0, unneeded, residual, iterations: it };
}

/** The SVM solution with the limit's multipliers in place of the solver's (same ŵ, support, certificate). */
export function withLimitDual(svm: SvmSolution, ld: LimitDual): SvmSolution {
  return { ...svm, alpha: ld.alpha };
}
