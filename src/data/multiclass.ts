/**
 * Multi-class data separable through the origin by construction, and their lift to a binary margin problem.
 *
 * Generator: a planted W* ∈ R^{K×d} (rows from the grid k/1000); candidate points x in the unit ball; each point
 * takes the label y = argmax_k ⟨w*_k, x⟩ and is kept only when its planted multi-class margin
 * min_{k≠y} ⟨w*_y − w*_k, x⟩ is ≥ MIN_MARGIN·‖W*‖_F (so the data are separable with a certified margin);
 * at least two classes must be present.
 *
 * Lift (Soudry et al. 2018, multi-class section; Crammer–Singer): the constraints ⟨w_{y_i} − w_k, x_i⟩ ≥ 1 are
 * ⟨W, z_ik⟩ ≥ 1 for z_ik = (e_{y_i} − e_k) ⊗ x_i ∈ R^{K·d} (row-major like W), so the multi-class hard-margin SVM
 * min ‖W‖_F s.t. those constraints is the binary hard-margin SVM through the origin on the n(K−1) lifted points —
 * solved and certified (KKT + duality gap) by src/solvers/svm.ts.
 */
import fc from 'fast-check';
import type { Dataset } from './dataset.js';
import type { MulticlassData } from '../optimizers/cross-entropy.js';

export const MIN_MARGIN = 0.05;
const GRID = 1000;

export interface MulticlassDataset extends MulticlassData {
  readonly planted: Float64Array;
}

/** The lifted binary dataset: z_ik for every point i and class k ≠ y_i, in that order (X = Z, labels +1). */
export function liftMulticlass(m: MulticlassData): Dataset {
  const { X, labels, n, d, K } = m;
  const N = n * (K - 1);
  const D = K * d;
  const Z = new Float64Array(N * D);
  let r = 0;
  for (let i = 0; i < n; i++)
    for (let k = 0; k < K; k++) {
      if (k === labels[i]) continue;
      for (let j = 0; j < d; j++) {
        Z[r * D + labels[i] * d + j] = X[i * d + j];
        Z[r * D + k * d + j] = -X[i * d + j];
      }
      r++;
    }
  return { n: N, d: D, X: Z, y: new Float64Array(N).fill(1), Z };
}

/** Separable multi-class data (K ∈ [3, 4] by default, d ∈ [2, 4], up to 10 candidate points). */
export function multiclassDataset(opts: { K?: [number, number]; d?: [number, number]; n?: [number, number] } = {}): fc.Arbitrary<MulticlassDataset> {
  const [k0, k1] = opts.K ?? [3, 4];
  const [d0, d1] = opts.d ?? [2, 4];
  const [n0, n1] = opts.n ?? [4, 10];
  const coord = fc.noBias(fc.integer({ min: -GRID, max: GRID }));
  return fc
    .tuple(fc.integer({ min: k0, max: k1 }), fc.integer({ min: d0, max: d1 }))
    .chain(([K, d]) =>
      fc.record({
        W: fc.array(coord, { minLength: K * d, maxLength: K * d }),
        pts: fc.array(fc.array(coord, { minLength: d, maxLength: d }), { minLength: n0, maxLength: n1 }),
      }).map(({ W, pts }) => build(K, d, W, pts)),
    )
    .filter((m): m is MulticlassDataset => m !== null);
}

function build(K: number, d: number, Wi: number[], pts: number[][]): MulticlassDataset | null {
  const W = Float64Array.from(Wi, (v) => v / GRID);
  const wn = Math.hypot(...W);
  if (wn === 0) return null;
  const X: number[] = [];
  const labels: number[] = [];
  for (const p of pts) {
    const x = p.map((v) => v / GRID);
    const r = Math.hypot(...x);
    if (r > 1 || r === 0) continue;
    const s = Array.from({ length: K }, (_, k) => x.reduce((a, v, j) => a + W[k * d + j] * v, 0));
    const y = s.indexOf(Math.max(...s));
    const margin = Math.min(...s.map((v, k) => (k === y ? Infinity : s[y] - v)));
    if (margin < MIN_MARGIN * wn) continue;
    X.push(...x);
    labels.push(y);
  }
  if (labels.length < 2 || new Set(labels).size < 2) return null;
  return { X: Float64Array.from(X), labels: Int32Array.from(labels), n: labels.length, d, K, planted: W };
}

/** The data as plain JSON (reports, counterexamples). */
export function multiclassToJSON(m: MulticlassData): { K: number; points: number[][]; labels: number[] } {
  return { K: m.K, points: Array.from({ length: m.n }, (_, i) => Array.from(m.X.subarray(i * m.d, (i + 1) * m.d))), labels: Array.from(m.labels) };
}
