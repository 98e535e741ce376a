import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { exponential, logistic } from '../../src/losses/loss.js';
import { gdStepBound, runGd } from '../../src/optimizers/gd.js';

describe('runGd', () => {
  const ds = makeDataset([[1, 0.2], [0.3, 0.8], [-0.5, -0.4]], [1, 1, -1]);
  it('one step matches w − η Σ ℓ′(⟨w, z_i⟩) z_i computed by hand', () => {
    const w0 = new Float64Array([0.1, -0.2]);
    const tr = runGd(ds.Z, ds.n, ds.d, w0, 1, { loss: logistic, eta: 0.5 });
    const g = [0, 0];
    for (let i = 0; i < ds.n; i++) {
      const z = [ds.Z[2 * i], ds.Z[2 * i + 1]];
      const c = logistic.derivative(w0[0] * z[0] + w0[1] * z[1]);
      g[0] += c * z[0];
      g[1] += c * z[1];
    }
    expect(tr.w[0][0]).toBeCloseTo(0.1 - 0.5 * g[0], 15);
    expect(tr.w[0][1]).toBeCloseTo(-0.2 - 0.5 * g[1], 15);
  });
  it('the mean risk is the sum with η/n, and weight decay adds ηλw', () => {
    const w0 = new Float64Array([0.3, 0.1]);
    const a = runGd(ds.Z, ds.n, ds.d, w0, 5, { loss: logistic, eta: 0.3, mean: true });
    const b = runGd(ds.Z, ds.n, ds.d, w0, 5, { loss: logistic, eta: 0.1 });
    expect(Array.from(a.w.at(-1)!)).toEqual(Array.from(b.w.at(-1)!).map((v, k) => expect.closeTo(v, 14) as unknown as number));
    const c = runGd(ds.Z, ds.n, ds.d, w0, 1, { loss: logistic, eta: 0.1, weightDecay: 2 });
    const d = runGd(ds.Z, ds.n, ds.d, w0, 1, { loss: logistic, eta: 0.1 });
    expect(c.w[0][0]).toBeCloseTo(d.w[0][0] - 0.1 * 2 * w0[0], 15);
  });
  it('never mutates its inputs and is deterministic', () => {
    const w0 = new Float64Array([0.5, 0.5]);
    const Z = Float64Array.from(ds.Z);
    const a = runGd(ds.Z, ds.n, ds.d, w0, 1000, { loss: logistic, eta: 1 });
    const b = runGd(ds.Z, ds.n, ds.d, w0, 1000, { loss: logistic, eta: 1 });
    expect(Array.from(w0)).toEqual([0.5, 0.5]);
    expect(Array.from(ds.Z)).toEqual(Array.from(Z));
    expect(a.w.map((w) => Array.from(w))).toEqual(b.w.map((w) => Array.from(w)));
  });
  it('the step bound is 2/(β σ_max²) for the sum and n× that for the mean; L(w0)-based for exponential', () => {
    const s2 = 1 / (gdStepBound(ds.Z, ds.n, ds.d, logistic, new Float64Array(2)) * 0.25 / 2);
    expect(gdStepBound(ds.Z, ds.n, ds.d, logistic, new Float64Array(2), true)).toBeCloseTo((3 * 2) / (0.25 * s2), 10);
    expect(gdStepBound(ds.Z, ds.n, ds.d, exponential, new Float64Array(2))).toBeCloseTo(2 / (3 * s2), 10);
  });
});
