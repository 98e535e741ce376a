import { Matrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { nnlsKktResiduals, nonNegativeLeastSquares } from '../../src/solvers/nnls.js';
import { e, gaussianMatrix } from './fixtures.js';

/** ‖Σ x_j c_j − b‖ */
function residualNorm(cols: Float64Array, k: number, m: number, b: Float64Array, x: Float64Array): number {
  let s = 0;
  for (let t = 0; t < m; t++) {
    let v = -b[t];
    for (let j = 0; j < k; j++) v += x[j] * cols[j * m + t];
    s += v * v;
  }
  return Math.sqrt(s);
}

/** Brute force: least squares on every subset of columns, keep the non-negative solutions, take the best. */
function bruteForceNnls(cols: Float64Array, k: number, m: number, b: Float64Array): number {
  let best = Math.hypot(...b);
  for (let mask = 1; mask < 1 << k; mask++) {
    const idx = [...Array(k).keys()].filter((j) => mask & (1 << j));
    const A = new Matrix(m, idx.length);
    idx.forEach((j, c) => {
      for (let t = 0; t < m; t++) A.set(t, c, cols[j * m + t]);
    });
    const s = solve(A, Matrix.columnVector(Array.from(b)), true).getColumn(0);
    if (s.some((v) => v < 0)) continue;
    const x = new Float64Array(k);
    idx.forEach((j, c) => (x[j] = s[c]));
    best = Math.min(best, residualNorm(cols, k, m, b, x));
  }
  return best;
}

describe('nonNegativeLeastSquares', () => {
  it('check_nnls_hand_solved: columns e1, e2 and b = (1, −1) give x = (1, 0)', () => {
    const x = nonNegativeLeastSquares(new Float64Array([1, 0, 0, 1]), 2, 2, new Float64Array([1, -1]));
    expect(Array.from(x)).toEqual([1, 0]);
  });

  it('check_nnls_kkt_and_brute_force: 20 random 8×6 problems, KKT ≤ 1e-13 and residual = brute-force minimum (rel 1e-12)', () => {
    let worstKkt = 0;
    let worstGap = 0;
    for (let seed = 0; seed < 20; seed++) {
      const k = 6;
      const m = 8;
      const cols = gaussianMatrix(k, m, 100 + seed);
      const b = gaussianMatrix(1, m, 200 + seed);
      const x = nonNegativeLeastSquares(cols, k, m, b);
      const kkt = nnlsKktResiduals(cols, k, m, b, x);
      worstKkt = Math.max(worstKkt, kkt.negativity, kkt.gradient, kkt.complementarity);
      const r = residualNorm(cols, k, m, b, x);
      const rBrute = bruteForceNnls(cols, k, m, b);
      worstGap = Math.max(worstGap, (r - rBrute) / Math.max(rBrute, 1e-300));
    }
    console.log(`nnls: worst KKT residual ${e(worstKkt)}, worst (‖r‖ − ‖r_brute‖)/‖r_brute‖ ${e(worstGap)}`);
    expect(worstKkt, `KKT residual ${e(worstKkt)}`).toBeLessThanOrEqual(1e-13);
    expect(worstGap, `NNLS residual exceeds brute force by ${e(worstGap)}`).toBeLessThanOrEqual(1e-12);
  });

  it('check_nnls_dependent_columns: more columns than rows (k=12, m=3) still satisfies KKT to 1e-13', () => {
    const cols = gaussianMatrix(12, 3, 7);
    const b = new Float64Array([1, 2, 3]);
    const x = nonNegativeLeastSquares(cols, 12, 3, b);
    const kkt = nnlsKktResiduals(cols, 12, 3, b, x);
    console.log(`nnls k>m: ${JSON.stringify(kkt)}`);
    expect(Math.max(kkt.negativity, kkt.gradient, kkt.complementarity)).toBeLessThanOrEqual(1e-13);
  });
});
