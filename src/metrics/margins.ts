import type { Loss } from '../losses/loss.js';
import { norm2 } from '../linalg/vec.js';

/** min_i ⟨w, z_i⟩ (unnormalized margin). */
export function minMargin(Z: Float64Array, n: number, d: number, w: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < n; i++) {
    let u = 0;
    for (let k = 0; k < d; k++) u += w[k] * Z[i * d + k];
    if (u < m) m = u;
  }
  return m;
}

/** Normalized margin γ(w) = min_i ⟨w, z_i⟩ / ‖w‖ (−Infinity for w = 0 is avoided: throws). */
export function normalizedMargin(Z: Float64Array, n: number, d: number, w: Float64Array): number {
  const r = norm2(w);
  if (!(r > 0)) throw new RangeError('normalizedMargin: w = 0 has no margin');
  return minMargin(Z, n, d, w) / r;
}

/** log L(w) for L = Σ_i ℓ(⟨w, z_i⟩), by log-sum-exp of log ℓ (finite when L under- or overflows). */
export function logRisk(Z: Float64Array, n: number, d: number, w: Float64Array, loss: Loss): number {
  let maxLog = -Infinity;
  const logs: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let u = 0;
    for (let k = 0; k < d; k++) u += w[k] * Z[i * d + k];
    logs[i] = loss.logValue(u);
    if (logs[i] > maxLog) maxLog = logs[i];
  }
  if (!Number.isFinite(maxLog)) return maxLog; // every term 0 (−∞) or one infinite: nothing to rescale
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(logs[i] - maxLog);
  return maxLog + Math.log(s);
}

/**
 * Smoothed margin of seed 004 (lecture 15, "Smoothed margin"): γ̃(w) = ℓ⁻¹(L(w)) / ‖w‖^L, L the homogeneity
 * degree (1 for a linear model). For the exponential loss ℓ⁻¹(L) = −log L, computed from log L directly.
 */
export function smoothedMargin(Z: Float64Array, n: number, d: number, w: Float64Array, loss: Loss, degree = 1): number {
  const r = norm2(w);
  if (!(r > 0)) throw new RangeError('smoothedMargin: w = 0');
  const logL = logRisk(Z, n, d, w, loss);
  const inv = loss.name === 'exponential' ? -logL : loss.inverse(Math.exp(logL));
  return inv / r ** degree;
}

/** Angle gap ‖w/‖w‖ − u‖ for a unit vector u. */
export function angleGap(w: Float64Array, u: Float64Array): number {
  const r = norm2(w);
  if (!(r > 0)) throw new RangeError('angleGap: w = 0');
  let s = 0;
  for (let k = 0; k < w.length; k++) {
    const e = w[k] / r - u[k];
    s += e * e;
  }
  return Math.sqrt(s);
}

/** Residual ρ(t) = w_t − ŵ log t (Soudry et al. 2018, Thm 3), into a new array. */
export function residual(w: Float64Array, wHat: Float64Array, t: number): Float64Array {
  const lt = Math.log(t);
  return w.map((v, k) => v - wHat[k] * lt);
}

/**
 * Share of the gradient ∇L(w) = Σ ℓ'(⟨w,z_i⟩) z_i carried by the points outside `support`:
 * ‖Σ_{i∉S} ℓ'(u_i) z_i‖ / ‖Σ_i ℓ'(u_i) z_i‖. Computed from log|ℓ'| shifts so it survives underflow.
 */
export function nonSupportGradientShare(Z: Float64Array, n: number, d: number, w: Float64Array, loss: Loss, support: number[]): number {
  const inS = new Uint8Array(n);
  for (const i of support) inS[i] = 1;
  const u = new Float64Array(n);
  let uMin = Infinity;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += w[k] * Z[i * d + k];
    u[i] = s;
    uMin = Math.min(uMin, s);
  }
  // for exponential-tailed losses ℓ'(u) ≈ −e^{−u}; rescale by e^{uMin} so the largest term is O(1)
  const all = new Float64Array(d);
  const off = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = loss.name === 'exponential' || u[i] > 30 ? -Math.exp(-(u[i] - uMin)) : loss.derivative(u[i]) * Math.exp(uMin);
    for (let k = 0; k < d; k++) {
      all[k] += c * Z[i * d + k];
      if (!inS[i]) off[k] += c * Z[i * d + k];
    }
  }
  return norm2(off) / norm2(all);
}
