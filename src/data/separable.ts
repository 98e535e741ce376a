import fc from 'fast-check';
import type { Dataset } from './dataset.js';
import { verifyDataset } from './verify.js';

/** Options of {@link separableDataset}; validated up front with exact messages. */
export interface SeparableOptions {
  /** number of points, inclusive range (default 4..12) */
  n?: [number, number];
  /** dimension, inclusive range (default 2..4) */
  d?: [number, number];
  /** planted margin before scaling into the unit ball, inclusive range (default 0.1..0.5) */
  margin?: [number, number];
}

/** A dataset with the certificate that made it separable: the planted unit direction and its margin. */
export interface PlantedDataset extends Dataset {
  readonly planted: { direction: Float64Array; margin: number };
}

const GRID = 1000; // coordinates are k / GRID: fast-check's fc.double spreads over bit patterns, not values

function checkRange(name: string, r: [number, number], lo: number, hi: number): void {
  if (!(Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] <= r[1] && r[0] >= lo && r[1] <= hi))
    throw new RangeError(`separableDataset: ${name} must satisfy ${lo} ≤ min ≤ max ≤ ${hi}, got [${r[0]}, ${r[1]}]`);
}

/**
 * Linearly separable data through the origin, separable *by construction*: a planted unit direction u and a
 * margin γ₀; each z_i = (γ₀ + s_i)u + q_i with q_i ⊥ u and s_i ≥ 0, labels random, x_i = y_i z_i; then all
 * points are scaled into the unit ball (‖x_i‖ ≤ 1), so the certified margin is γ₀/scale > 0.
 * Shrinks towards fewer points, smaller coordinates and lower dimension.
 * @example fc.sample(separableDataset({ n: [5, 5], d: [2, 2] }), { seed: 1, numRuns: 1 })[0].n === 5
 */
export function separableDataset(opts: SeparableOptions = {}): fc.Arbitrary<PlantedDataset> {
  const n = opts.n ?? [4, 12];
  const d = opts.d ?? [2, 4];
  const margin = opts.margin ?? [0.1, 0.5];
  checkRange('n', n, 1, 100_000);
  checkRange('d', d, 1, 10_000);
  checkRange('margin', margin, 1 / GRID, 1);
  // noBias: fast-check's bias towards small integers makes many coordinates 0 and the data degenerate
  const coord = fc.noBias(fc.integer({ min: -GRID, max: GRID }));
  return fc.integer({ min: d[0], max: d[1] }).chain((dim) =>
    fc
      .record({
        dir: fc.array(coord, { minLength: dim, maxLength: dim }).map((v) => (v.some((c) => c !== 0) ? v : [1, ...v.slice(1)])),
        gamma: fc.integer({ min: Math.round(margin[0] * GRID), max: Math.round(margin[1] * GRID) }),
        pts: fc.array(
          fc.record({
            q: fc.array(coord, { minLength: dim, maxLength: dim }),
            s: fc.noBias(fc.integer({ min: 0, max: GRID })),
            y: fc.boolean(),
          }),
          { minLength: n[0], maxLength: n[1] },
        ),
      })
      .map(({ dir, gamma, pts }) => buildPlanted(dim, dir, gamma / GRID, pts)),
  );
}

/** Assembles the planted construction (exported for replaying a counterexample by hand). */
export function buildPlanted(
  d: number,
  dir: number[],
  gamma: number,
  pts: { q: number[]; s: number; y: boolean }[],
): PlantedDataset {
  const n = pts.length;
  const u = Float64Array.from(dir);
  const un = Math.hypot(...u);
  for (let k = 0; k < d; k++) u[k] /= un;
  const Zraw = new Float64Array(n * d);
  let maxNorm = 0;
  for (let i = 0; i < n; i++) {
    const q = pts[i].q.map((c) => c / GRID);
    let qu = 0;
    for (let k = 0; k < d; k++) qu += q[k] * u[k];
    const along = gamma + pts[i].s / GRID;
    let nn = 0;
    for (let k = 0; k < d; k++) {
      const v = along * u[k] + (q[k] - qu * u[k]);
      Zraw[i * d + k] = v;
      nn += v * v;
    }
    maxNorm = Math.max(maxNorm, Math.sqrt(nn));
  }
  const scale = Math.max(1, maxNorm);
  const X = new Float64Array(n * d);
  const Z = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = pts[i].y ? 1 : -1;
    for (let k = 0; k < d; k++) {
      Z[i * d + k] = Zraw[i * d + k] / scale;
      X[i * d + k] = y[i] * Z[i * d + k];
    }
  }
  const ds: PlantedDataset = { n, d, X, y, Z, planted: { direction: u, margin: gamma / scale } };
  verifyDataset(ds, { unitBall: true, certificate: ds.planted });
  return ds;
}
