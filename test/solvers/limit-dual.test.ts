import { describe, expect, it } from 'vitest';
import { hardMarginSVM, svmKkt } from '../../src/solvers/svm.js';
import { limitDual, DEGENERATE_RATIO } from '../../src/solvers/limit-dual.js';
import { hildrethDual } from '../../src/solvers/svm-dual.js';
import { loadUserData } from '../../src/impl/data-file.js';

describe('limitDual: the dual GD\'s limit selects', () => {
  it('on six margin points of ŵ = (1,1) (the SVM\'s dual is not unique and quadprog puts α on one point) every margin point gets α > 0, KKT exact, η e^{−⟨z_s, w̃⟩} = α_s solvable', () => {
    const Z = Float64Array.from([1, 0, 0, 1, 0.5, 0.5, 0.25, 0.75, 0.75, 0.25, 0.9, 0.1, 2, 1, 1, 3]);
    const svm = hardMarginSVM(Z, 8, 2);
    expect(Array.from(svm.alpha).filter((a) => a > 0).length).toBeLessThan(6); // the solver's vertex
    const ld = limitDual(Z, 2, svm);
    expect(ld.degenerate).toBe(false);
    for (const s of svm.support) expect(ld.alpha[s]).toBeGreaterThan(0.1);
    expect(ld.alpha[6]).toBe(0);
    expect(ld.alpha[7]).toBe(0);
    const k = svmKkt(Z, 8, 2, svm.w, ld.alpha);
    expect(k.stationarity).toBeLessThanOrEqual(1e-13);
    // the limit's α is e^{−⟨z_s, v⟩} for one v: log α_s is affine in z_s (three margin points on a line fix it)
    const la = svm.support.map((s) => Math.log(ld.alpha[s]));
    const v = [-la[0], -la[1]];
    svm.support.forEach((s, j) => expect(Math.abs(-(v[0] * Z[2 * s] + v[1] * Z[2 * s + 1]) - la[j])).toBeLessThanOrEqual(1e-10));
  });

  it('on degenerate data (z1 on the margin but unneeded) it reports degenerate with that point, below DEGENERATE_RATIO', () => {
    const Z = Float64Array.from([0.5, 0, 0.5, 0.5, 0.9, -0.2]);
    const svm = hardMarginSVM(Z, 3, 2);
    const ld = limitDual(Z, 2, svm);
    expect(ld.degenerate).toBe(true);
    expect(ld.unneeded).toEqual([1]);
    expect(ld.alpha[1]).toBeLessThanOrEqual(DEGENERATE_RATIO * ld.alpha[0]);
  });

  it('on duplicated z (Soudry Fig. 1) it agrees with the equal split of hardMarginSVM', () => {
    const Z = Float64Array.from([0.5, 1.5, 1.5, 0.5, 0.5, 1.5, 1.5, 0.5]);
    const svm = hardMarginSVM(Z, 4, 2);
    const ld = limitDual(Z, 2, svm);
    for (let i = 0; i < 4; i++) expect(Math.abs(ld.alpha[i] - svm.alpha[i])).toBeLessThanOrEqual(1e-14);
  });
});

describe('hildrethDual with a working-set finish', () => {
  it('certifies the unscaled Wine fixture (γ̄ = 3.8e-5, α ~ 1e8) where coordinate ascent alone stalls at a KKT residual ~4', () => {
    const u = loadUserData('test/fixtures/datasets/wine-class0-vs-rest.csv');
    const { Z, n, d } = u.ds;
    const alone = hildrethDual(Z, n, d, { tol: 1e-11, maxSweeps: 199 }); // stops before the first finish
    expect(alone.residual).toBeGreaterThan(1);
    const r = hildrethDual(Z, n, d, { tol: 1e-11 });
    expect(r.by).toBe('working-set');
    expect(r.residual).toBeLessThanOrEqual(1e-11 * r.scale);
    const svm = hardMarginSVM(Z, n, d);
    const gap = Math.hypot(...r.w.map((v, k) => v - svm.w[k])) / Math.hypot(...svm.w);
    expect(gap).toBeLessThanOrEqual(1e-9);
  });
});
