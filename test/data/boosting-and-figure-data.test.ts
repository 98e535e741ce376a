import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildWeakLearners, weakLearnerMatrix } from '../../src/data/weak-learners.js';
import { buildWilson, signOfXty, wilsonDataset, wilsonTestError } from '../../src/data/wilson.js';
import { soudryFigureDataset } from '../../src/data/soudry-figure.js';
import { hardMarginSVM } from '../../src/solvers/svm.js';
import { minNormInterpolant } from '../../src/solvers/pinv.js';

describe('weakLearnerMatrix', () => {
  it('check_weak_learnable_by_construction: uniform weights on the k planted columns give margin ≥ 1/k on 300 draws', () => {
    for (const W of fc.sample(weakLearnerMatrix(), { seed: 4, numRuns: 300 })) {
      expect(W.planted % 2, `k = ${W.planted}`).toBe(1);
      for (let i = 0; i < W.n; i++) {
        let s = 0;
        for (let j = 0; j < W.planted; j++) s += W.M[i * W.m + j];
        expect(s / W.planted, `row ${i}, n=${W.n}, m=${W.m}`).toBeGreaterThanOrEqual(1 / W.planted);
      }
      for (const v of W.M) expect(Math.abs(v)).toBe(1);
    }
  });

  it('check_same_seed_same_matrix and check_repair: a planted block of −1s is repaired to a strict majority', () => {
    const a = fc.sample(weakLearnerMatrix(), { seed: 11, numRuns: 3 }).map((W) => Array.from(W.M));
    const b = fc.sample(weakLearnerMatrix(), { seed: 11, numRuns: 3 }).map((W) => Array.from(W.M));
    expect(a).toEqual(b);
    expect(Array.from(buildWeakLearners([[true, true, true, true]], 3).M)).toEqual([1, 1, -1, -1]);
  });

  it('check_options_validated: exact messages', () => {
    expect(() => weakLearnerMatrix({ planted: [2, 2] })).toThrow('weakLearnerMatrix: planted range [2, 2] contains no odd number');
    expect(() => weakLearnerMatrix({ n: [0, 3] })).toThrow('weakLearnerMatrix: n must be integers with 1 ≤ min ≤ max, got [0, 3]');
  });
});

describe('wilsonDataset (Wilson et al. 2017, Sec. 3.3)', () => {
  it('check_lemma_condition: X sign(Xᵀy) = 4y whenever positives are the majority (50 draws)', () => {
    let checked = 0;
    for (const ds of fc.sample(wilsonDataset(), { seed: 2, numRuns: 50 })) {
      expect(ds.d).toBe(3 + ds.positives + 5 * (ds.n - ds.positives));
      if (ds.positives <= ds.n / 2) continue;
      const s = signOfXty(ds);
      for (let i = 0; i < ds.n; i++) {
        let v = 0;
        for (let k = 0; k < ds.d; k++) v += ds.X[i * ds.d + k] * s[k];
        expect(v, `row ${i}`).toBe(4 * ds.y[i]);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('check_test_error_formula: the min-norm interpolant has error 0, w = sign(Xᵀy)/4 has error 1 − p', () => {
    const ds = buildWilson([1, 1, -1, 1, -1, 1, 1], 0.6);
    expect(wilsonTestError(ds, minNormInterpolant(ds.X, ds.n, ds.d, ds.y).w)).toBe(0);
    expect(wilsonTestError(ds, signOfXty(ds).map((v) => v / 4))).toBeCloseTo(0.4, 15);
    expect(wilsonTestError(ds, new Float64Array(ds.d))).toBe(1); // a zero score is an error for both classes
  });
});

describe('soudryFigureDataset (Soudry et al. 2018, Figs. 1 and 3)', () => {
  it('check_support_stays_designed: support vectors ⊆ the four designed points, other points ≥ 1.5× the margin (30 draws, ×1 and ×20)', () => {
    for (const scale of [1, 20]) {
      for (const ds of fc.sample(soudryFigureDataset({ secondCoordinateScale: scale }), { seed: 3, numRuns: 30 })) {
        const svm = hardMarginSVM(ds.Z, ds.n, ds.d);
        for (const i of svm.support) expect(i, `scale ${scale}`).toBeLessThan(4);
        for (let i = 4; i < ds.n; i++) expect(svm.margins[i], `point ${i}, scale ${scale}`).toBeGreaterThanOrEqual(1.5 - 1e-9);
        if (scale === 1) expect(Math.abs(svm.direction[0] - Math.SQRT1_2)).toBeLessThan(1e-9);
      }
    }
  });
});
