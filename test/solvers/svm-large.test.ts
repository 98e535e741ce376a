import { describe, expect, it } from 'vitest';
import { SolverVerificationError } from '../../src/harness/errors.js';
import { loadUserData } from '../../src/impl/data-file.js';
import { distinctRows } from '../../src/solvers/duplicates.js';
import { hardMarginSVM, quadprogPrimalSVM } from '../../src/solvers/svm.js';
import { WORKING_SET_FROM, workingSetSVM } from '../../src/solvers/svm-working-set.js';
import { plantedSeparable } from './fixtures.js';
import { thrown } from '../helpers.js';

describe('the max-margin reference on larger and harder data', () => {
  it('above WORKING_SET_FROM points the working set gives quadprog\'s own answer on the full set, certified', () => {
    const n = WORKING_SET_FROM + 1000;
    const d = 6;
    const { Z } = plantedSeparable(n, d, 11);
    const direct = quadprogPrimalSVM(Z, n, d);
    const ws = workingSetSVM(Z, n, d, quadprogPrimalSVM);
    const diff = Math.hypot(...ws.w.map((v, k) => v - direct.w[k])) / Math.hypot(...direct.w);
    expect(diff).toBeLessThanOrEqual(1e-10);
    expect(Array.from(ws.alpha).filter((a) => a > 0).length).toBeLessThanOrEqual(d);
    const sol = hardMarginSVM(Z, n, d); // takes the working-set path and must pass the certificate
    expect(Math.abs(sol.dualityGap)).toBeLessThanOrEqual(1e-12);
    expect(Math.hypot(...sol.w.map((v, k) => v - direct.w[k])) / Math.hypot(...direct.w)).toBeLessThanOrEqual(1e-10);
  });

  it('duplicates are found by exact comparison within hash buckets (−0 = 0), not by the hash alone', () => {
    const Z = Float64Array.from([1, 0, -0, 1, 1, -0, 0.5, 0.5, 0, 1]);
    const u = distinctRows(Z, 5, 2);
    expect(u.m).toBe(3);
    expect(Array.from(u.of)).toEqual([0, 1, 0, 2, 1]);
    expect(Array.from(u.count)).toEqual([2, 2, 1]);
  });

  it('when no method can certify (unscaled Breast Cancer, features 1e-3..4e3), the error names every method tried and its residuals', () => {
    const u = loadUserData.bind(null);
    const err = thrown(() => u('test/fixtures/datasets/breast-cancer-raw.csv'));
    expect(err.message).toMatch(/^test\/fixtures\/datasets\/breast-cancer-raw.csv: separability could not be decided: the max-margin reference found no answer it could certify .*no method gave a certified answer \(KKT and duality gap to 1e-8\); tried quadprog primal: .* \| dual coordinate ascent with a working-set finish: /);
    const direct = thrown(() => {
      const { ds } = loadUserData('test/fixtures/datasets/iris-setosa-vs-rest.csv');
      return hardMarginSVM(ds.Z, ds.n, ds.d, { tol: 1e-30 });
    });
    expect(direct).toBeInstanceOf(SolverVerificationError);
    expect(Object.keys((direct as SolverVerificationError).residuals)).toContain('dualityGap');
  });
});
