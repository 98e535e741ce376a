import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { verifyDataset } from '../../src/data/verify.js';
import { gdExperiment } from '../../src/experiments/gd-separable.js';
import { AssumptionError, NumericalError } from '../../src/harness/errors.js';
import { runCheck } from '../../src/harness/run.js';
import { logistic } from '../../src/losses/loss.js';
import { runGd } from '../../src/optimizers/gd.js';

// Bad input gets a clear error and the verdict "error", never "violated" or "confirmed".
const xor = makeDataset([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 1, -1, -1]); // z = ±e_1, ±e_2 contains 0 in its hull

describe('bad input is an error with a message that names it', () => {
  it('non-separable data: AssumptionError from the verified SVM, verdict error', async () => {
    expect(() => gdExperiment(xor, { loss: logistic, horizon: 10 })).toThrow(AssumptionError);
    expect(() => gdExperiment(xor, { loss: logistic, horizon: 10 })).toThrow(/not linearly separable/);
    const o = await runCheck('x', () => { gdExperiment(xor, { loss: logistic, horizon: 10 }); throw new Error('unreachable'); }, { profile: 'smoke', seed: 1 });
    expect(o.verdict).toBe('error');
  });
  it('NaN in the data is refused by makeDataset and by verifyDataset', () => {
    expect(() => makeDataset([[1, NaN]], [1])).toThrow(/NaN/);
    const ds = makeDataset([[1, 2]], [1]);
    (ds.X as Float64Array)[1] = NaN;
    expect(() => verifyDataset(ds)).toThrow(/x_0\[1\] is NaN/);
  });
  it('a step above 2/(β σ_max²) is refused before running', () => {
    const ds = makeDataset([[1, 0], [0.5, 0.5]], [1, 1]);
    expect(() => runGd(ds.Z, ds.n, ds.d, new Float64Array(2), 10, { loss: logistic, eta: 100 })).toThrow(/not below the bound/);
  });
  it('a diverging run is a NumericalError naming the iteration', () => {
    const ds = makeDataset([[1, 0]], [1]);
    expect(() => runGd(ds.Z, ds.n, ds.d, new Float64Array([Number.MAX_VALUE, 0]), 10, { loss: logistic, eta: 1, weightDecay: -1e300, allowLargeStep: true })).toThrow(NumericalError);
  });
  it('labels other than ±1 and ragged points are refused', () => {
    expect(() => makeDataset([[1, 0]], [0])).toThrow(/expected ±1/);
    expect(() => makeDataset([[1, 0], [1]], [1, 1])).toThrow(/1 coordinates, expected 2/);
  });
});
