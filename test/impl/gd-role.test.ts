import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { gdExperiment } from '../../src/experiments/gd-separable.js';
import { runGdOnSubject } from '../../src/impl/run-gd-role.js';
import { reference } from '../../src/impl/reference.js';
import { subjectOf } from '../../src/impl/subject.js';
import type { Implementation } from '../../src/impl/interface.js';
import { logistic } from '../../src/losses/loss.js';
import { runGd } from '../../src/optimizers/gd.js';
import { gradientDescent } from '../../src/optimizers/gd-step.js';

const [ds] = fc.sample(separableDataset({ n: [6, 6], d: [3, 3] }), { seed: 2, numRuns: 1 });
const w0 = new Float64Array(3);
const cfg = { loss: logistic, eta: 0.5 };

describe('the gd role', () => {
  it('the reference adapter reproduces the fused kernel to rounding (relative 1e-12 after 1e4 steps)', () => {
    const a = runGd(ds.Z, ds.n, ds.d, w0, 1e4, cfg);
    const b = runGdOnSubject(subjectOf({ name: 'reference adapter', optimizers: { gd: reference.optimizers.gd } }), ds.Z, ds.n, ds.d, w0, 1e4, cfg);
    expect(b.t).toEqual(a.t);
    a.w.forEach((w, i) => w.forEach((v, k) => expect(Math.abs(b.w[i][k] - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)))));
  });
  const broken: [string, Implementation['optimizers']['gd'], RegExp][] = [
    ['throws', () => ({ name: 'x', params: {}, init: (w: Float64Array) => ({ w: Float64Array.from(w), t: 0 }), update: () => { throw new Error('kaboom'); } }), /update threw at step 1: kaboom/],
    ['returns NaN', () => ({ name: 'x', params: {}, init: (w: Float64Array) => ({ w: Float64Array.from(w), t: 0 }), update: (s: { w: Float64Array }) => s.w.fill(NaN) }), /w\[0\] = NaN after step 1/],
    ['wrong length', () => ({ name: 'x', params: {}, init: () => ({ w: new Float64Array(2), t: 0 }), update: () => {} }), /expected Float64Array\(3\)/],
    ['mutates its input', () => ({ name: 'x', params: {}, init: (w: Float64Array) => ({ w, t: 0 }), update: (s: { w: Float64Array }) => { s.w[0] += 1; } }), /aliasing w0, so every update would mutate its input w0/],
  ];
  it.each(broken)('an implementation that %s is an ImplementationError naming the fault', (_n, factory, msg) => {
    expect(() => runGdOnSubject(subjectOf({ name: 'broken', optimizers: { gd: factory } }), ds.Z, ds.n, ds.d, new Float64Array(3), 100, cfg)).toThrow(msg);
  });
  it('gdExperiment runs the subject it is given instead of the reference', () => {
    const doubled: Implementation = { name: 'double-step', optimizers: { gd: (h) => gradientDescent({ eta: 2 * h.eta }) } };
    const e = gdExperiment(ds, { loss: logistic, horizon: 100, eta: 0.1, subject: subjectOf(doubled) });
    const ref = runGd(ds.Z, ds.n, ds.d, w0, 100, { loss: logistic, eta: 0.2 });
    expect(Array.from(e.trace.w.at(-1)!)).toEqual(Array.from(ref.w.at(-1)!).map((v) => expect.closeTo(v, 12)));
    // the same options without a subject run the reference (and are memoized apart)
    const plain = gdExperiment(ds, { loss: logistic, horizon: 100, eta: 0.1 });
    expect(plain.trace.w.at(-1)![0]).not.toBeCloseTo(e.trace.w.at(-1)![0], 6);
  });
  it('controls wrap the subject: weight decay and projection on a user gd reproduce the fused kernel (1e-12 after 1e4 steps)', () => {
    const user = subjectOf({ name: 'user', optimizers: { gd: (h) => gradientDescent({ eta: h.eta }) } });
    for (const extra of [{ weightDecay: 1e-2 }, { projectRadius: 0.5 }]) {
      const a = runGd(ds.Z, ds.n, ds.d, w0, 1e4, { ...cfg, ...extra });
      const b = gdExperiment(ds, { loss: logistic, horizon: 1e4, eta: cfg.eta, ...extra, subject: user }).trace;
      expect(b.t).toEqual(a.t);
      a.w.forEach((w, i) => w.forEach((v, k) => expect(Math.abs(b.w[i][k] - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)))));
    }
  });
  it('a subject that mutates the data mid-run is caught even when the caller never calls verifyInputs', () => {
    const sneaky = subjectOf({
      name: 'sneaky',
      optimizers: {
        gd: () => ({ name: 'x', params: {}, init: (w: Float64Array) => ({ w: Float64Array.from(w), t: 0 }), update: (s: { w: Float64Array; t: number }, obj) => { if (++s.t === 3) (obj.examples!.Z as Float64Array)[0] += 1; } }),
      },
    });
    const Z = Float64Array.from(ds.Z);
    const opt = sneaky.optimizer('gd', { eta: 0.1 }, [Z]);
    const obj = { dim: ds.d, n: ds.n, valueAndGrad: () => 0, examples: { Z, n: ds.n, d: ds.d } };
    const s = opt.init(new Float64Array(ds.d), obj);
    expect(() => { for (let t = 0; t < 8; t++) opt.update(s, obj); }).toThrow(/mutated the data/);
  });
});
