/** withStepSchedule (src/impl/step-schedule.ts): the schedule applied outside an optimizer is the scheduled method. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { logistic } from '../../src/losses/loss.js';
import { adam, marginObjective } from '../../src/optimizers/index.js';
import { gradientDescent } from '../../src/optimizers/gd-step.js';
import { withStepSchedule } from '../../src/impl/step-schedule.js';

const [ds] = fc.sample(separableDataset({ n: [5, 5], d: [3, 3] }), { seed: 8, numRuns: 1 });
const obj = marginObjective(ds, logistic);

describe('withStepSchedule', () => {
  it('around GD with η = 1 it is GD with steps η(t+1)^{−a} (to rounding, 200 steps)', () => {
    const s = withStepSchedule(gradientDescent({ eta: 1 }), 0.3, 0.5);
    const st = s.init(new Float64Array(3), obj);
    const w = new Float64Array(3);
    const g = new Float64Array(3);
    for (let t = 0; t < 200; t++) {
      s.update(st, obj);
      obj.valueAndGrad(w, g);
      for (let k = 0; k < 3; k++) w[k] -= 0.3 * (t + 1) ** -0.5 * g[k];
    }
    for (let k = 0; k < 3; k++) expect(Math.abs(st.w[k] - w[k])).toBeLessThan(1e-12 * (1 + Math.abs(w[k])));
  });
  it('around Adam (ε = 0) each step is η_t m̂_t/√v̂_t computed directly', () => {
    const s = withStepSchedule(adam({ eta: 1, eps: 0 }), 0.1, 0.5);
    const st = s.init(new Float64Array(3), obj);
    const w = new Float64Array(3);
    const m = new Float64Array(3);
    const v = new Float64Array(3);
    const g = new Float64Array(3);
    for (let t = 0; t < 100; t++) {
      s.update(st, obj);
      obj.valueAndGrad(w, g);
      for (let k = 0; k < 3; k++) {
        m[k] = 0.9 * m[k] + 0.1 * g[k];
        v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k];
        w[k] -= (0.1 * (t + 1) ** -0.5 * (m[k] / (1 - 0.9 ** (t + 1)))) / Math.sqrt(v[k] / (1 - 0.999 ** (t + 1)));
      }
    }
    for (let k = 0; k < 3; k++) expect(Math.abs(st.w[k] - w[k])).toBeLessThan(1e-10 * (1 + Math.abs(w[k])));
    expect(() => withStepSchedule(adam({ eta: 1 }), 0, 0.5)).toThrow('η must be finite and > 0');
    expect(() => withStepSchedule(adam({ eta: 1 }), 1, 2)).toThrow('a must be in [0, 1]');
  });
});
