import fc from 'fast-check';
import type { Dataset } from './dataset.js';
import { separableDataset, type PlantedDataset, type SeparableOptions } from './separable.js';
import { hardMarginSVM } from '../solvers/svm.js';

/** Separable training data with held-out points, some of which the max-margin separator misclassifies. */
export type WithValidation = PlantedDataset & { validation: Dataset & { misclassifiedByMaxMargin: number[] } };

/**
 * Adds m held-out points to separable training data, built against ū (the verified SVM direction):
 * x = q − ⟨q, ū⟩ū + s ū with |s| ∈ [0.2, 0.6] (so no point sits near ū's boundary), labelled as ū labels it,
 * except a chosen non-empty subset that gets the opposite label (ū misclassifies it), scaled into the unit ball.
 */
export function withValidation(opts: SeparableOptions = {}): fc.Arbitrary<WithValidation> {
  const coord = fc.noBias(fc.integer({ min: -1000, max: 1000 }));
  return fc
    .tuple(
      separableDataset(opts),
      fc.array(fc.record({ q: fc.array(coord, { minLength: 8, maxLength: 8 }), s: fc.integer({ min: 200, max: 600 }), side: fc.boolean(), wrong: fc.boolean() }), { minLength: 2, maxLength: 8 }),
    )
    .map(([ds, raw]) => {
      const u = hardMarginSVM(ds.Z, ds.n, ds.d).direction;
      const d = ds.d;
      const m = raw.length;
      const X = new Float64Array(m * d);
      const y = new Float64Array(m);
      const Z = new Float64Array(m * d);
      const mis: number[] = [];
      raw.forEach((r, j) => {
        const q = r.q.slice(0, d).map((v) => v / 1000);
        const qu = q.reduce((a, v, k) => a + v * u[k], 0);
        const s = (r.side ? 1 : -1) * (r.s / 1000);
        const x = q.map((v, k) => v - qu * u[k] + s * u[k]);
        const nx = Math.hypot(...x);
        const wrong = r.wrong || j === 0; // at least one misclassified point
        y[j] = (s > 0 ? 1 : -1) * (wrong ? -1 : 1);
        if (wrong) mis.push(j);
        for (let k = 0; k < d; k++) {
          X[j * d + k] = x[k] / Math.max(1, nx);
          Z[j * d + k] = y[j] * X[j * d + k];
        }
      });
      return Object.assign(ds, { validation: { n: m, d, X, y, Z, misclassifiedByMaxMargin: mis } });
    });
}
