/** The certified l_p max margin (1 < p < ∞) of src/solvers/lp-norm-margin.ts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { hardMarginSVM } from '../../src/solvers/svm.js';
import { maxMarginLpNorm, projectSimplex } from '../../src/solvers/lp-norm-margin.js';
import { AssumptionError } from '../../src/harness/errors.js';

describe('maxMarginLpNorm', () => {
  const data = fc.sample(separableDataset({ n: [3, 10] }), { seed: 1, numRuns: 20 });
  it('p = 2 agrees with the certified hard-margin SVM (γ̄ = 1/‖ŵ‖, same direction) on 20 datasets', () => {
    for (const ds of data) {
      const r = maxMarginLpNorm(ds.Z, ds.n, ds.d, 2);
      const svm = hardMarginSVM(ds.Z, ds.n, ds.d);
      expect(Math.abs(r.gamma / svm.gamma - 1)).toBeLessThan(1e-6);
      expect(Math.hypot(...r.w.map((v, k) => v - svm.direction[k]))).toBeLessThan(2e-3);
    }
  });
  it('p = 1.5 and 3: the certificate holds (‖w‖_p = 1, lower ≤ upper, relative gap ≤ 1e-6) and the reported γ̄ is the recomputed margin', () => {
    let worst = 0;
    for (const ds of data)
      for (const p of [1.5, 3]) {
        const r = maxMarginLpNorm(ds.Z, ds.n, ds.d, p);
        expect(Math.abs(r.w.reduce((s, v) => s + Math.abs(v) ** p, 0) - 1)).toBeLessThan(1e-12);
        const lam = r.lambda.reduce((s, v) => s + v, 0);
        expect(Math.abs(lam - 1)).toBeLessThan(1e-12);
        expect(Math.min(...r.lambda)).toBeGreaterThanOrEqual(0);
        let m = Infinity;
        for (let i = 0; i < ds.n; i++) m = Math.min(m, ds.Z.subarray(i * ds.d, (i + 1) * ds.d).reduce((s, v, k) => s + v * r.w[k], 0));
        expect(r.gamma).toBe(m);
        expect(r.gamma).toBeLessThanOrEqual(r.gammaUpper);
        worst = Math.max(worst, r.dualGap);
      }
    expect(worst).toBeLessThanOrEqual(1e-6);
    console.log(`[lp-norm] worst relative duality gap over 40 solves: ${worst.toExponential(2)}`);
  });
  it('two points z and −z (not separable) are refused with AssumptionError; p outside (1, ∞) with RangeError', () => {
    expect(() => maxMarginLpNorm(new Float64Array([1, 0.5, -1, -0.5]), 2, 2, 3)).toThrow(AssumptionError);
    expect(() => maxMarginLpNorm(new Float64Array([1, 0]), 1, 2, 1)).toThrow(RangeError);
  });
  it('projectSimplex: the projection of (0.5, 0.9, −0.2) is (0.3, 0.7, 0)', () => {
    const v = new Float64Array([0.5, 0.9, -0.2]);
    projectSimplex(v);
    [0.3, 0.7, 0].forEach((x, i) => expect(v[i]).toBeCloseTo(x, 14));
  });
});
