import fc from 'fast-check';
import type { Dataset } from './dataset.js';
import { verifyDataset } from './verify.js';

/**
 * Data symmetric about the first axis: pairs z = (a, ±b) with a > 0, ‖z‖ ≤ 1. From w(0) = 0, GD stays on the
 * axis exactly (the ±b contributions cancel in floating point, since both points have the same margin), and
 * the axis is ū: the angle gap is 0 at every t. The measure-zero exception to "converges slowly".
 */
export function symmetricDataset(): fc.Arbitrary<Dataset> {
  return fc
    .array(fc.record({ a: fc.integer({ min: 100, max: 700 }), b: fc.integer({ min: 0, max: 700 }), y: fc.boolean() }), { minLength: 1, maxLength: 4 })
    .map((pairs) => {
      const n = 2 * pairs.length;
      const X = new Float64Array(2 * n);
      const Z = new Float64Array(2 * n);
      const y = new Float64Array(n);
      pairs.forEach((p, j) => {
        for (const [k, sgn] of [[2 * j, 1], [2 * j + 1, -1]] as const) {
          y[k] = p.y ? 1 : -1;
          Z[2 * k] = p.a / 1000;
          Z[2 * k + 1] = (sgn * p.b) / 1000;
          X[2 * k] = y[k] * Z[2 * k];
          X[2 * k + 1] = y[k] * Z[2 * k + 1];
        }
      });
      const ds = { n, d: 2, X, y, Z };
      verifyDataset(ds, { unitBall: true, certificate: { direction: new Float64Array([1, 0]), margin: 0.1 } });
      return ds;
    });
}
