import { Matrix, pseudoInverse } from 'ml-matrix';
import { nonNegativeLeastSquares } from './nnls.js';
import { hullDistanceCertificate } from './svm-infeasible.js';

/**
 * The hard-margin SVM dual, max_{α ≥ 0} Σα_i − ½‖Σ α_i z_i‖², solved by Hildreth's coordinate ascent
 * (exact maximization in one α_i at a time, clipped at 0) — an algorithm independent of quadprog's primal
 * active set, used to cross-check it — with a working-set finish. Coordinate ascent converges linearly at a rate
 * set by the conditioning of the support (on unscaled data, γ̄ ~ 1e-5, it stalls at KKT residuals ~1), but it
 * finds the support early. So every FINISH_EVERY sweeps the working set W = {i : α_i > 0} is finished exactly
 * (and once, after the first FINISH_EVERY sweeps, also W = the support of Lawson–Hanson NNLS on the dual's
 * hull-distance form min_{λ∈Δ} ‖Σλ_i z_i‖, whose minimizer is α/Σα — another active-set method, not quadprog's): w_W = pinv(Z_W)·1 (the min-norm w with ⟨w, z_i⟩ = 1 on W, conditioning
 * cond(Z_W), not its square), α_W = NNLS(z_W → w_W); the candidate is kept when its KKT residual beats the
 * iterate's, and W grows by the violated points, for a few rounds.
 * Stops when the KKT residual max_i |projected gradient| (1 − ⟨w, z_i⟩ where α_i > 0, its positive part where
 * α_i = 0) is ≤ tol·max(1, ‖w‖·max‖z_i‖) (see `scale`), or after maxSweeps; returns the residual reached and how (sweeps, finish) so that the caller
 * decides whether to trust it.
 * @example hildrethDual(new Float64Array([1, 0, 0, 1]), 2, 2).alpha // ≈ [1, 1]
 */
export const FINISH_EVERY = 200;

export interface DualResult {
  alpha: Float64Array;
  w: Float64Array;
  residual: number;
  sweeps: number;
  /**
   * ‖w‖·max_i‖z_i‖, the size of the terms of a margin ⟨w, z_i⟩: its rounding is ~ε times this, so on unscaled
   * data (‖ŵ‖ = 1/γ̄ ~ 1e4–1e6) no float64 answer has an absolute residual below ~1e-12·scale. tol is applied
   * relative to max(1, scale).
   */
  scale: number;
  /** 'sweeps' when coordinate ascent reached tol alone, 'working-set' when the finish did */
  by: 'sweeps' | 'working-set';
}

export function hildrethDual(Z: Float64Array, n: number, d: number, opts: { tol?: number; maxSweeps?: number } = {}): DualResult {
  const tol = opts.tol ?? 1e-13;
  const maxSweeps = opts.maxSweeps ?? 200_000;
  const alpha = new Float64Array(n);
  const w = new Float64Array(d);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) sq[i] += Z[i * d + k] ** 2;
  let zMax = 0;
  for (let i = 0; i < n; i++) zMax = Math.max(zMax, Math.sqrt(sq[i]));
  const scaleOf = (v: Float64Array) => Math.hypot(...v) * zMax;
  const within = (r: number, v: Float64Array) => r <= tol * Math.max(1, scaleOf(v));
  let residual = Infinity;
  let sweep = 0;
  for (; sweep < maxSweeps && !within(residual, w); sweep++) {
    for (let i = 0; i < n; i++) {
      if (sq[i] === 0) continue;
      let m = 0;
      for (let k = 0; k < d; k++) m += w[k] * Z[i * d + k];
      const next = Math.max(0, alpha[i] + (1 - m) / sq[i]);
      const delta = next - alpha[i];
      if (delta !== 0) {
        alpha[i] = next;
        for (let k = 0; k < d; k++) w[k] += delta * Z[i * d + k];
      }
    }
    residual = dualResidual(Z, n, d, alpha, w);
    if (!within(residual, w) && (sweep + 1) % FINISH_EVERY === 0) {
      const seeds: Float64Array[] = [alpha];
      // once, after the first FINISH_EVERY sweeps: a working set from Lawson–Hanson NNLS on the hull-distance form
      if (sweep + 1 === FINISH_EVERY && n <= 5000) seeds.push(hullDistanceCertificate(Z, n, d).lambda);
      for (const seed of seeds) {
        const fin = workingSetFinish(Z, n, d, seed);
        if (fin && within(fin.residual, fin.w)) return { alpha: fin.alpha, w: fin.w, residual: fin.residual, scale: scaleOf(fin.w), sweeps: sweep + 1, by: 'working-set' };
      }
    }
  }
  return { alpha, w, residual, scale: scaleOf(w), sweeps: sweep, by: 'sweeps' };
}

/** The dual's KKT residual (projected gradient) at (α, w = Σα_i z_i). */
export function dualResidual(Z: Float64Array, n: number, d: number, alpha: Float64Array, w: Float64Array): number {
  let residual = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let k = 0; k < d; k++) m += w[k] * Z[i * d + k];
    const g = 1 - m;
    residual = Math.max(residual, alpha[i] > 0 ? Math.abs(g) : Math.max(0, g));
  }
  return residual;
}

/** Up to 8 rounds of: solve exactly on W, add the points whose margin is below 1 (see the file comment). */
function workingSetFinish(Z: Float64Array, n: number, d: number, alpha0: Float64Array): { alpha: Float64Array; w: Float64Array; residual: number } | null {
  const inW = Array.from(alpha0, (a) => a > 0);
  let best: { alpha: Float64Array; w: Float64Array; residual: number } | null = null;
  for (let round = 0; round < 8; round++) {
    const W = inW.flatMap((b, i) => (b ? [i] : []));
    // a support needs at most d points (more only on degenerate data); a larger W means the iterate has not
    // identified it yet, and the finish's NNLS would cost O(|W|²d) for nothing
    if (W.length === 0 || W.length > 2 * d) return best;
    // pinv(Z_W)·1 = (pinv(Z_Wᵀ))ᵀ·1: ml-matrix's SVD wants at least as many rows as columns
    const At = new Matrix(d, W.length);
    W.forEach((i, j) => { for (let k = 0; k < d; k++) At.set(k, j, Z[i * d + k]); });
    const wW = Float64Array.from((W.length <= d ? pseudoInverse(At).transpose() : pseudoInverse(At.transpose())).mmul(Matrix.columnVector(W.map(() => 1))).to1DArray());
    const cols = new Float64Array(W.length * d);
    W.forEach((i, j) => cols.set(Z.subarray(i * d, (i + 1) * d), j * d));
    const aW = nonNegativeLeastSquares(cols, W.length, d, wW);
    const alpha = new Float64Array(n);
    W.forEach((i, j) => (alpha[i] = aW[j]));
    const w = new Float64Array(d);
    for (let i = 0; i < n; i++) if (alpha[i] !== 0) for (let k = 0; k < d; k++) w[k] += alpha[i] * Z[i * d + k];
    const residual = dualResidual(Z, n, d, alpha, w);
    if (!best || residual < best.residual) best = { alpha, w, residual };
    let grew = false;
    for (let i = 0; i < n; i++) {
      if (inW[i]) continue;
      let m = 0;
      for (let k = 0; k < d; k++) m += w[k] * Z[i * d + k];
      if (m < 1 - 1e-12) [inW[i], grew] = [true, true];
    }
    if (!grew) return best;
  }
  return best;
}
