/**
 * Seeded data for the solver tests (no fast-check: these are fixed instances whose numbers are printed).
 * Datasets are point-major Float64Array, `Z[i*d + k]` = coordinate k of z_i = y_i x_i.
 */

/** mulberry32 (test/helpers.ts), under the name these fixtures use. */
export { rng as uniform } from '../helpers.js';
import { rng as uniform } from '../helpers.js';

/** Standard normal samples (Box–Muller) from a seeded uniform. */
export function gaussian(seed: number): () => number {
  const u = uniform(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** n×d standard normal entries, point-major. */
export function gaussianMatrix(n: number, d: number, seed: number): Float64Array {
  const g = gaussian(seed);
  return Float64Array.from({ length: n * d }, g);
}

/**
 * Separable by construction: z_i = (margin + s_i) u + (g_i − ⟨g_i, u⟩u), u a random unit vector, g_i standard
 * normal, s_i ~ Exp(1) (so some points sit near the planted margin). Every ⟨u, z_i⟩ ≥ margin.
 */
export function plantedSeparable(n: number, d: number, seed: number, margin = 0.5): { Z: Float64Array; u: Float64Array } {
  const g = gaussian(seed);
  const r = uniform(seed + 1);
  const u = Float64Array.from({ length: d }, g);
  const un = Math.hypot(...u);
  for (let k = 0; k < d; k++) u[k] /= un;
  const Z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const zi = Float64Array.from({ length: d }, g);
    let proj = 0;
    for (let k = 0; k < d; k++) proj += zi[k] * u[k];
    const along = margin - Math.log(1 - r());
    for (let k = 0; k < d; k++) Z[i * d + k] = zi[k] - proj * u[k] + along * u[k];
  }
  return { Z, u };
}

/** Scientific notation for messages. */
export function e(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : String(x);
}
