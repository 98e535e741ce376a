/**
 * Seeded data for the GD benchmark and the kernel tests: no fast-check, no Math.random.
 * plantedSeparable: z_i = (γ + s_i)·u* + q_i with q_i ⊥ u*, s_i ≥ 0, scaled into the unit ball (separable by
 * construction, like src/data/separable.ts); gaussianRows: i.i.d. N(0, 1/d) coordinates (not separable for n ≫ d).
 */
import { uniformStream } from '../src/optimizers/rng.js';

/** mulberry32 (src/optimizers/rng.ts) as a closure on [0, 1). */
export function rng(seed: number): () => number {
  return uniformStream(seed);
}

/** Standard normal by Box–Muller. */
export function gaussian(r: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Point-major Z (n×d) of separable data with planted unit direction u* and margin ≥ gamma/scale. */
export function plantedSeparable(n: number, d: number, seed: number, gamma = 0.1): { Z: Float64Array; direction: Float64Array } {
  const g = gaussian(rng(seed));
  const u = new Float64Array(d);
  let nu = 0;
  for (let k = 0; k < d; k++) { u[k] = g(); nu += u[k] * u[k]; }
  nu = Math.sqrt(nu);
  for (let k = 0; k < d; k++) u[k] /= nu;
  const Z = new Float64Array(n * d);
  let maxNorm = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let p = 0;
    for (let k = 0; k < d; k++) { Z[o + k] = g(); p += Z[o + k] * u[k]; }
    const s = gamma + Math.abs(g()) * 0.5;
    let r = 0;
    for (let k = 0; k < d; k++) { Z[o + k] += (s - p) * u[k]; r += Z[o + k] * Z[o + k]; }
    maxNorm = Math.max(maxNorm, Math.sqrt(r));
  }
  for (let i = 0; i < Z.length; i++) Z[i] /= maxNorm;
  return { Z, direction: u };
}

/** Point-major Z (n×d) with i.i.d. N(0, 1/d) entries. */
export function gaussianRows(n: number, d: number, seed: number): Float64Array {
  const g = gaussian(rng(seed));
  const Z = new Float64Array(n * d);
  const s = 1 / Math.sqrt(d);
  for (let i = 0; i < Z.length; i++) Z[i] = g() * s;
  return Z;
}
