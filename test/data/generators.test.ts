import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetToJSON, type Dataset } from '../../src/data/dataset.js';
import { degenerateDataset } from '../../src/data/degenerate.js';
import { separableDataset } from '../../src/data/separable.js';
import { symmetricDataset } from '../../src/data/symmetric.js';
import { withValidation } from '../../src/data/validation.js';
import { verifyDataset } from '../../src/data/verify.js';
import { hardMarginSVM, supportVectorsDegenerate } from '../../src/solvers/svm.js';

// The contract every dataset generator passes (fast-check's own arbitrary checks, STYLE.md).
const generators: [string, fc.Arbitrary<Dataset>][] = [
  ['separableDataset', separableDataset()],
  ['degenerateDataset', degenerateDataset()],
  ['symmetricDataset', symmetricDataset()],
  ['withValidation', withValidation()],
];

describe.each(generators)('%s', (_name, arb) => {
  it('same seed → same dataset', () => {
    const a = fc.sample(arb, { seed: 5, numRuns: 5 }).map(datasetToJSON);
    const b = fc.sample(arb, { seed: 5, numRuns: 5 }).map(datasetToJSON);
    expect(a).toEqual(b);
  });
  it('every output is valid, in the unit ball and separable (verified by the SVM)', () => {
    for (const ds of fc.sample(arb, { seed: 9, numRuns: 40 })) {
      verifyDataset(ds, { unitBall: true });
      expect(hardMarginSVM(ds.Z, ds.n, ds.d).gamma).toBeGreaterThan(0);
    }
  });
  it('shrinks to strictly smaller datasets (fewer points or smaller coordinates)', () => {
    const size = (ds: Dataset) => ds.n * 1e6 + ds.X.reduce((s, v) => s + Math.abs(v), 0);
    const [v] = fc.sample(arb.map((ds) => ds), { seed: 11, numRuns: 1 });
    // find a shrink of the first value through fast-check's own machinery: a failing property on "size > 0"
    const r = fc.check(fc.property(arb, (ds) => size(ds) < size(v) / 4), { seed: 11, numRuns: 50 });
    if (r.failed) expect(size(r.counterexample![0])).toBeLessThanOrEqual(size(v) + 1e-9 * size(v) + 1e6);
  });
});

describe('degenerateDataset', () => {
  it('has a support vector with zero dual coefficient, as constructed', () => {
    for (const ds of fc.sample(degenerateDataset(), { seed: 3, numRuns: 20 })) {
      const svm = hardMarginSVM(ds.Z, ds.n, ds.d);
      expect(supportVectorsDegenerate(svm)).toContain(ds.degenerate.index);
      expect(svm.gamma).toBeCloseTo(ds.degenerate.margin, 10);
    }
  });
  it('the lifted twin is not degenerate', () => {
    for (const ds of fc.sample(degenerateDataset({ lift: 0.3 }), { seed: 3, numRuns: 20 })) expect(supportVectorsDegenerate(hardMarginSVM(ds.Z, ds.n, ds.d))).toEqual([]);
  });
});

describe('withValidation', () => {
  it('ū misclassifies exactly the marked held-out points', () => {
    for (const ds of fc.sample(withValidation(), { seed: 4, numRuns: 20 })) {
      const u = hardMarginSVM(ds.Z, ds.n, ds.d).direction;
      const v = ds.validation;
      const wrong = Array.from({ length: v.n }, (_, j) => j).filter((j) => v.Z.subarray(j * v.d, (j + 1) * v.d).reduce((s, z, k) => s + z * u[k], 0) < 0);
      expect(wrong).toEqual(v.misclassifiedByMaxMargin);
      expect(wrong.length).toBeGreaterThan(0);
    }
  });
});

describe('snapshot determinism', () => {
  it('the first dataset of the default seed is pinned', () => {
    const [ds] = fc.sample(separableDataset({ n: [3, 3], d: [2, 2] }), { seed: 20261123, numRuns: 1 });
    expect(datasetToJSON(ds)).toMatchSnapshot();
  });
  it('options are validated up front with exact messages', () => {
    expect(() => separableDataset({ n: [5, 2] })).toThrow('separableDataset: n must satisfy 1 ≤ min ≤ max ≤ 100000, got [5, 2]');
    expect(() => degenerateDataset({ d: [1, 2] })).toThrow('degenerateDataset: d must satisfy 2 ≤ min ≤ max, got [1, 2]');
  });
});
