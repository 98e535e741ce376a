import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { buildLeastSquares } from '../../src/data/least-squares.js';
import { distance, gradientDescent, lsInput, lsReference, norm, traceOptimizer } from '../../src/experiments/least-squares.js';
import { withPerturbation } from '../../src/impl/wrappers.js';
import { DimensionMismatch, closedFormSequence, product, slideLimitAsWritten } from '../../src/experiments/ls-closed-form.js';
import { runOptimizer, sgd } from '../../src/optimizers/index.js';

describe('least-squares helpers', () => {
  it('check_projectors: P_span is idempotent, P_null(v) ⟂ every x_i, P_span(w_mn) = w_mn (50 problems)', () => {
    for (const { p, w0 } of fc.sample(lsInput({ start: 'random' }), { seed: 1, numRuns: 50 })) {
      const ref = lsReference(p);
      const s = ref.projectSpan(w0);
      expect(distance(ref.projectSpan(s), s)).toBeLessThan(1e-13);
      const o = ref.projectNull(w0);
      for (let i = 0; i < p.n; i++) expect(Math.abs(o.reduce((a, v, k) => a + v * p.X[i * p.d + k], 0))).toBeLessThan(1e-13);
      expect(distance(ref.projectSpan(ref.wMinNorm), ref.wMinNorm)).toBeLessThan(1e-13);
    }
  });

  it('check_gd_is_the_slide_iteration: one step is w − γX(Xᵀw − y)', () => {
    const p = buildLeastSquares([[0.3, -0.2], [0.1, 0.4]], [0.7, -0.9], [1, -1, 0.5, 0.25]);
    const ref = lsReference(p);
    const w0 = new Float64Array([0.2, 0.1, -0.3, 0.4]);
    const w1 = runOptimizer(gradientDescent({ eta: 0.3 }), ref.objective, w0, 1).w;
    const X = new Matrix(p.d, p.n);
    for (let i = 0; i < p.n; i++) for (let k = 0; k < p.d; k++) X.set(k, i, p.X[i * p.d + k]);
    const r = X.transpose().mmul(Matrix.columnVector(Array.from(w0))).sub(Matrix.columnVector(Array.from(p.y)));
    const expected = Matrix.columnVector(Array.from(w0)).sub(X.mmul(r).mul(0.3)).getColumn(0);
    expect(distance(w1, expected)).toBeLessThan(1e-15);
  });

  it('check_closed_form_small_k: CF_0 = w_0, CF_1 = w_1, CF_2 = w_2 of GD', () => {
    const p = buildLeastSquares([[0.5], [-0.25]], [0.6, 0.8], [0.3, -0.7, 0.9]);
    const ref = lsReference(p);
    const w0 = new Float64Array([1, 2, -1]);
    const cf = closedFormSequence(p, 0.4, w0, 2);
    const gd = traceOptimizer(gradientDescent({ eta: 0.4 }), ref.objective, w0, 2, 1.0000001);
    for (let i = 0; i <= 2; i++) expect(distance(cf[i], gd.w[i]), `i = ${i}`).toBeLessThan(1e-14);
  });

  it('check_shape_checked_product: a 1×1 factor is a scalar; non-conforming shapes throw DimensionMismatch with both shapes', () => {
    expect(product(new Matrix([[2]]), 'a', Matrix.columnVector([1, 3]), 'b').getColumn(0)).toEqual([2, 6]);
    let e: unknown;
    try {
      product(Matrix.eye(2), 'A', Matrix.columnVector([1, 2, 3]), 'v');
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(DimensionMismatch);
    expect((e as Error).message).toBe('A is 2×2 but v is 3×1: the product A·v is undefined');
    const p = buildLeastSquares([[0.5], [-0.25]], [0.6, 0.8], [0.3, -0.7, 0.9]);
    expect(() => slideLimitAsWritten(p.X, p.n, p.d, p.y)).toThrow(DimensionMismatch);
  });

  it('check_perturbed_sgd_leaves_the_span: its limit interpolates but is off w_mn by its null-space part', () => {
    const p = buildLeastSquares([[0.3, -0.2], [0.1, 0.4]], [0.7, -0.9], [1, -1, 0.5, 0.25]);
    const ref = lsReference(p);
    const w = runOptimizer(withPerturbation(sgd({ eta: 0.5, seed: 1 }), 2), ref.objective, new Float64Array(p.d), 20_000).w;
    expect(ref.residual(w)).toBeLessThan(1e-12);
    expect(norm(ref.projectNull(w))).toBeGreaterThan(1e-3);
  });
});
