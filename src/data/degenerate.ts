import fc from 'fast-check';
import type { Dataset } from './dataset.js';
import { verifyDataset } from './verify.js';

/** Degenerate separable data with the construction's known answer. */
export interface DegenerateDataset extends Dataset {
  readonly degenerate: {
    /** ū: the max-margin direction, by construction */
    direction: Float64Array;
    /** γ̄: the max margin, by construction */
    margin: number;
    /** unit v ⊥ ū along which the degenerate support vector sticks out */
    offset: Float64Array;
    /** |offset| c of the degenerate support vector z = γ̄ū + c v */
    c: number;
    /** index of the support vector with α = 0 */
    index: number;
  };
}

const GRID = 1000;

/**
 * Degenerate separable data (Soudry et al. 2018, Sec. 4 / Appendix: a support vector whose dual coefficient is
 * zero), built so that the answer is known: z_0 = γu, z_1 = γu + c v (v ⊥ u), the others
 * z_i = (γ + s_i)u + q_i with s_i ≥ 0.3 (so the other points fade like t^{−0.6} or faster), q_i ⊥ u, all ‖z_i‖ ≤ 1. Then ū = u, γ̄ = γ, both z_0 and z_1 are
 * on the margin, and ŵ = u/γ = α_0 z_0 + α_1 z_1 forces α_1 c v = 0, i.e. α_1 = 0: z_1 is a support vector
 * with zero dual coefficient. Heuristically GD's residual then grows along v like (1/c) log log t.
 * Shrinks towards fewer extra points and smaller coordinates.
 */
export function degenerateDataset(opts: { n?: [number, number]; d?: [number, number]; lift?: number } = {}): fc.Arbitrary<DegenerateDataset> {
  const [nMin, nMax] = opts.n ?? [3, 8];
  const [dMin, dMax] = opts.d ?? [2, 3];
  if (!(nMin >= 2 && nMin <= nMax)) throw new RangeError(`degenerateDataset: n must satisfy 2 ≤ min ≤ max, got [${nMin}, ${nMax}]`);
  if (!(dMin >= 2 && dMin <= dMax)) throw new RangeError(`degenerateDataset: d must satisfy 2 ≤ min ≤ max, got [${dMin}, ${dMax}]`);
  const coord = fc.integer({ min: -GRID, max: GRID });
  return fc.integer({ min: dMin, max: dMax }).chain((d) =>
    fc
      .record({
        gamma: fc.integer({ min: 200, max: 500 }),
        c: fc.integer({ min: 200, max: 600 }),
        labels: fc.array(fc.boolean(), { minLength: nMin, maxLength: nMax }),
        extra: fc.array(fc.record({ s: fc.integer({ min: 300, max: GRID }), q: fc.array(coord, { minLength: d, maxLength: d }) }), {
          minLength: nMax - 2,
          maxLength: nMax - 2,
        }),
      })
      .map(({ gamma, c, labels, extra }) => buildDegenerate(d, gamma / GRID, c / GRID, labels, extra, opts.lift ?? 0)),
  );
}

/**
 * Assembles the construction (u = e_1, v = e_2 in the first two coordinates, a rotation-free choice).
 * `lift` > 0 moves z_1 off the margin to (γ + lift)u + c v: the non-degenerate twin (negative controls).
 */
export function buildDegenerate(d: number, gamma: number, c: number, labels: boolean[], extra: { s: number; q: number[] }[], lift = 0): DegenerateDataset {
  const n = labels.length;
  const zs: number[][] = [];
  const u = new Float64Array(d);
  u[0] = 1;
  const v = new Float64Array(d);
  v[1] = 1;
  const a1 = Math.min(1, gamma + lift);
  const cMax = Math.sqrt(1 - a1 * a1);
  const cc = Math.min(c, cMax);
  zs.push([gamma, ...new Array(d - 1).fill(0)]);
  zs.push([a1, cc, ...new Array(d - 2).fill(0)]);
  for (let i = 2; i < n; i++) {
    const along = Math.min(1, gamma + extra[i - 2].s / GRID);
    const q = extra[i - 2].q.slice(1).map((x) => x / GRID);
    const room = Math.sqrt(Math.max(0, 1 - along * along));
    const qn = Math.hypot(...q);
    const f = qn > room ? room / qn : 1;
    zs.push([along, ...q.map((x) => x * f)]);
  }
  const X = new Float64Array(n * d);
  const Z = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = labels[i] ? 1 : -1;
    for (let k = 0; k < d; k++) {
      Z[i * d + k] = zs[i][k];
      X[i * d + k] = y[i] * zs[i][k];
    }
  }
  const ds: DegenerateDataset = { n, d, X, y, Z, degenerate: { direction: u, margin: gamma, offset: v, c: cc, index: 1 } };
  verifyDataset(ds, { unitBall: true, certificate: { direction: u, margin: gamma } });
  return ds;
}
