/**
 * Gaussian draws on top of the project's mulberry32 stream (src/optimizers/rng.ts), and the seed-level interval
 * that the empirical claims decide by.
 */
import { rngUniform } from '../optimizers/rng.js';

/** A standard normal draw (Box–Muller, one value per call; 1 − U keeps the log finite). */
export function gaussian(rng: Uint32Array): number {
  const u = 1 - rngUniform(rng), v = rngUniform(rng);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Fills `out` with i.i.d. N(0, scale²) and returns it. */
export function gaussianFill(rng: Uint32Array, out: Float64Array, scale = 1): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = scale * gaussian(rng);
  return out;
}

// two-sided 95% Student t quantiles, df = 1..30 (1.96 beyond)
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** Mean, standard deviation and the 95% Student-t interval of the mean of per-seed effects (needs ≥ 2 values). */
export function meanInterval(values: number[]): { mean: number; sd: number; lo: number; hi: number; seeds: number } {
  const k = values.length;
  if (k < 2) throw new RangeError(`meanInterval: needs ≥ 2 seeds, got ${k}`);
  const mean = values.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1));
  const half = (k - 1 <= 30 ? T95[k - 2] : 1.96) * sd / Math.sqrt(k);
  return { mean, sd, lo: mean - half, hi: mean + half, seeds: k };
}
