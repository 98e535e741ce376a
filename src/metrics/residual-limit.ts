import { Matrix, pseudoInverse } from 'ml-matrix';
import type { SvmSolution } from '../solvers/svm.js';

/**
 * The limit of the residual's support-span part (Soudry et al. 2018, Thm 3 and eq. (8)): for almost all
 * datasets ρ(t) = w_t − ŵ log t → w̃, where for every support vector s, η exp(−⟨z_s, w̃⟩) = α_s (exponential
 * tail; the logistic loss has the same limit since ℓ'(u) = −e^{−u}(1 + O(e^{−u}))). These equations fix the
 * projection of w̃ on span{z_s : s ∈ S}; the rest of w̃ depends on the start and the non-support points.
 * Returns w̃_S (the min-norm solution, which lies in the span) and a projector onto the span.
 * Throws on a support vector with α_s ≤ 0 (degenerate data: the equation has no solution).
 */
export function residualLimitOnSupport(Z: Float64Array, d: number, svm: SvmSolution, eta: number): { wS: Float64Array; project(v: Float64Array): Float64Array } {
  const S = svm.support;
  for (const s of S) if (!(svm.alpha[s] > 0)) throw new RangeError(`residualLimitOnSupport: support vector ${s} has α = ${svm.alpha[s]} (degenerate data)`);
  const A = new Matrix(S.map((s) => Array.from(Z.subarray(s * d, (s + 1) * d))));
  const b = Matrix.columnVector(S.map((s) => Math.log(eta / svm.alpha[s])));
  const Ap = pseudoInverse(A);
  const wS = Float64Array.from(Ap.mmul(b).to1DArray());
  const P = Ap.mmul(A); // orthogonal projector onto the row space of A = span of the support vectors
  return {
    wS,
    project(v) {
      return Float64Array.from(P.mmul(Matrix.columnVector(Array.from(v))).to1DArray());
    },
  };
}

/**
 * True when GD's iterates have stopped moving: ‖w_T − w_{T'}‖ ≤ 1e-9 · max(1, ‖w_T‖) between the last two
 * decade checkpoints. On separable data with an exponentially-tailed loss GD never stalls (the gradient
 * never vanishes at finite w), so a stalled run has converged to a finite point: its norm is bounded and its
 * direction is fixed forever — a rigorous refutation of every divergence or direction claim that point breaks.
 */
export const STALL_TOL = 1e-9;
export function stalled(t: number[], w: Float64Array[]): boolean {
  const T = t.at(-1)!;
  let j = t.length - 1;
  while (j > 0 && t[j] > T / 10) j--;
  const a = w.at(-1)!;
  const b = w[j];
  let s = 0;
  let r = 0;
  for (let k = 0; k < a.length; k++) {
    s += (a[k] - b[k]) ** 2;
    r += a[k] * a[k];
  }
  return Math.sqrt(s) <= STALL_TOL * Math.max(1, Math.sqrt(r));
}
