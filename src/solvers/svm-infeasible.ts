/**
 * Non-separability of the hard-margin SVM's data, proved: the Gordan certificate (a convex combination of the
 * z_i at ≈ 0) and the errors built from it (split from svm.ts).
 */
import { AssumptionError, SolverVerificationError } from '../harness/errors.js';
import { norm2 } from '../linalg/vec.js';
import { nonNegativeLeastSquares } from './nnls.js';

/**
 * Gordan certificate of non-separability: λ in the simplex minimizing ‖Σλ_i z_i‖ (the distance ρ from the
 * origin to the convex hull of the z_i, which equals the max margin γ when the data are separable).
 * Computed by NNLS with the constraint Σλ = 1 as a weighted extra row, then renormalized; ρ is recomputed.
 * For every w: min_i⟨w, z_i⟩ ≤ Σλ_i⟨w, z_i⟩ ≤ ‖w‖ρ, so ρ ≈ 0 proves no w separates with a positive margin.
 */
export function hullDistanceCertificate(Z: Float64Array, n: number, d: number): { lambda: Float64Array; distance: number } {
  const scale = maxPointNorm(Z, n, d) || 1;
  const m = d + 1;
  const cols = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) cols[i * m + k] = Z[i * d + k];
    cols[i * m + d] = 10 * scale;
  }
  const b = new Float64Array(m);
  b[d] = 10 * scale;
  const lambda = nonNegativeLeastSquares(cols, n, m, b);
  let s = 0;
  for (const l of lambda) s += l;
  if (!(s > 0)) return { lambda, distance: Infinity };
  for (let i = 0; i < n; i++) lambda[i] /= s;
  const v = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) v[k] += lambda[i] * Z[i * d + k];
  return { lambda, distance: norm2(v) };
}

/**
 * Relative hull distance below which the data count as not separable: ρ ≤ 1e-10·max‖z_i‖ means every unit w
 * has min_i⟨w, z_i⟩ ≤ 1e-10·max‖z_i‖, a margin at the level of rounding in the margins themselves.
 */
const NOT_SEPARABLE_RELATIVE_DISTANCE = 1e-10;

/** AssumptionError with the Gordan certificate when the hull of the z_i touches 0, otherwise null. */
export function notSeparableError(Z: Float64Array, n: number, d: number, reason: string): AssumptionError | null {
  const cert = hullDistanceCertificate(Z, n, d);
  const scale = maxPointNorm(Z, n, d);
  if (!(cert.distance <= NOT_SEPARABLE_RELATIVE_DISTANCE * scale)) return null;
  return new AssumptionError(
    `data are not linearly separable through the origin: ${reason}; certificate: a convex combination Σλ_i z_i ` +
      `has norm ${fmt(cert.distance)} (max ‖z_i‖ = ${fmt(scale)}), so every unit w has min_i⟨w,z_i⟩ ≤ ${fmt(cert.distance)} [n=${n}, d=${d}]`,
  );
}

/** The solver said "infeasible": an AssumptionError when certified, else a SolverVerificationError. */
export function infeasibleReport(Z: Float64Array, n: number, d: number, reason: string): Error {
  const err = notSeparableError(Z, n, d, reason);
  if (err) return err;
  const cert = hullDistanceCertificate(Z, n, d);
  return new SolverVerificationError(
    `hardMarginSVM [n=${n}, d=${d}]: ${reason}, but the hull of the z_i is at distance ${fmt(cert.distance)} from 0 ` +
      `(max ‖z_i‖ = ${fmt(maxPointNorm(Z, n, d))}): the data look separable and the solver's report cannot be verified`,
    { hullDistance: cert.distance, maxPointNorm: maxPointNorm(Z, n, d) },
  );
}

function maxPointNorm(Z: Float64Array, n: number, d: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, norm2(Z.subarray(i * d, (i + 1) * d)));
  return m;
}

function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  return Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toPrecision(3);
}
