/**
 * traceRole (src/impl/trace-role.ts), the one checkpoint loop of the role runs: it sees exactly the checkpoints of a
 * hand-written loop with the same iterates, stops early on request and still checks the inputs, delegates to the
 * batched hook only when nothing wraps the optimizer, refuses checkpoints it would loop forever on, and records the
 * risk with the −∞ / NaN / +∞ rules of pushRisk.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { NumericalError } from '../../src/harness/errors.js';
import type { Implementation } from '../../src/impl/interface.js';
import { reference } from '../../src/impl/reference.js';
import { referenceSubject, subjectOf } from '../../src/impl/subject.js';
import { marginLogRisk, traceRole, traceRoleAsGd, type RoleRun } from '../../src/impl/trace-role.js';
import { withProjection } from '../../src/impl/wrappers.js';
import { exponential, logistic } from '../../src/losses/loss.js';
import { geometricCheckpoints } from '../../src/optimizers/checkpoints.js';
import { pushRisk, type GdTrace } from '../../src/optimizers/gd.js';
import { gradientDescent } from '../../src/optimizers/gd-step.js';
import { marginObjective } from '../../src/optimizers/objectives.js';

const [ds] = fc.sample(separableDataset({ n: [6, 6], d: [3, 3] }), { seed: 2, numRuns: 1 });
const w0 = new Float64Array(3);
const run = (over: Partial<RoleRun> = {}): RoleRun => ({
  role: 'gd', hyper: { eta: 0.3 }, objective: marginObjective(ds, logistic), w0, checkpoints: geometricCheckpoints(1000, 5), protect: [ds.Z], ...over,
});

/** The hand-written loop every recorder used to retype: the iterates at the checkpoints, bit for bit. */
function byHand(cps: readonly number[], eta: number): Float64Array[] {
  const opt = gradientDescent({ eta });
  const obj = marginObjective(ds, logistic);
  const s = opt.init(w0, obj);
  const out: Float64Array[] = [];
  for (let t = 1, next = 0; next < cps.length; t++) {
    opt.update(s, obj);
    if (t === cps[next]) (next++, out.push(Float64Array.from(s.w)));
  }
  return out;
}

describe('traceRole', () => {
  it('visits exactly the checkpoints, with the iterates of a hand-written loop (bit for bit)', () => {
    const seen: number[] = [];
    const ws: Float64Array[] = [];
    const last = traceRole(referenceSubject, run(), (t, s) => void (seen.push(t), ws.push(Float64Array.from(s.w))));
    expect(seen).toEqual(geometricCheckpoints(1000, 5));
    expect(last.t).toBe(1000);
    expect(Array.from(last.w)).toEqual(Array.from(ws.at(-1)!));
    expect(ws.map((w) => Array.from(w))).toEqual(byHand(seen, 0.3).map((w) => Array.from(w)));
  });

  it('stops at the first checkpoint whose visit returns false, and still verifies the inputs', () => {
    const seen: number[] = [];
    expect(traceRole(referenceSubject, run(), (t) => (seen.push(t), t < 10)).t).toBe(10);
    expect(seen).toEqual([1, 2, 3, 4, 6, 10]);
    // an implementation that writes the data at step 3 (the guard itself looks at steps 1, 2, 4, …) is caught
    // although the run stopped at step 3: traceRole verifies the inputs after an early stop too
    const sneaky: Implementation = {
      name: 'sneaky',
      optimizers: { gd: () => ({ name: 'x', params: {}, init: (w: Float64Array) => ({ w: Float64Array.from(w), t: 0 }), update: (s: { w: Float64Array; t: number }, obj) => { if (++s.t === 3) (obj.examples!.Z as Float64Array)[0] += 1; } }) },
    };
    const Z = Float64Array.from(ds.Z);
    const mine = run({ objective: marginObjective({ Z, n: ds.n, d: ds.d }, logistic), protect: [Z] });
    expect(() => traceRole(subjectOf(sneaky), mine, (t) => t < 3)).toThrow(/mutated the data/);
  });

  it('goes to the batched hook only when nothing wraps the optimizer', () => {
    let calls = 0;
    const impl: Implementation = {
      name: 'batched', optimizers: { gd: reference.optimizers.gd },
      runBatched: (_r, _h, _p, _w, cps) => (calls++, byHand(cps, 0.3)),
    };
    const ws: number[][] = [];
    traceRole(subjectOf(impl), run(), (_t, s) => void ws.push(Array.from(s.w)));
    expect(calls).toBe(1);
    expect(ws).toEqual(byHand(geometricCheckpoints(1000, 5), 0.3).map((w) => Array.from(w)));
    traceRole(subjectOf(impl), run({ wrap: (o) => withProjection(o, 0.5) }), (_t, s) => void expect(Math.hypot(...s.w)).toBeLessThanOrEqual(0.5 + 1e-15));
    expect(calls).toBe(1);
  });

  it.each([[[0, 1]], [[1, 1]], [[1, 2.5]], [[3, 2]]])('refuses the checkpoints %j (RangeError, no endless loop)', (cps) => {
    expect(() => traceRole(referenceSubject, run({ checkpoints: cps }), () => {})).toThrow(RangeError);
  });
});

describe('Subject.run, through traceRole', () => {
  it('counts the updates itself: an implementation that never advances state.t still stops after `steps` updates', () => {
    let updates = 0;
    const lazy: Implementation = { name: 'lazy t', optimizers: { gd: () => ({ name: 'x', params: {}, init: (w: Float64Array) => ({ w: Float64Array.from(w), t: 0 }), update: () => void updates++ }) } };
    const seen: number[] = [];
    subjectOf(lazy).run('gd', { eta: 0.1 }, marginObjective(ds, logistic), w0, 100, () => void seen.push(updates));
    expect(updates).toBe(100);
    expect(seen).toEqual([1, 2, 4, 8, 16, 32, 64, 100]);
  });

  it('checks the whole state at each checkpoint, as runOptimizer does: a NaN outside w is a NumericalError', () => {
    const bad: Implementation = {
      name: 'nan aux',
      optimizers: { gd: () => ({ name: 'x', params: {}, init: (w: Float64Array) => ({ w: Float64Array.from(w), t: 0, aux: new Float64Array(1) }), update: (s: { w: Float64Array; t: number; aux: Float64Array }) => void (++s.t === 5 && (s.aux[0] = NaN)) }) },
    };
    expect(() => subjectOf(bad).run('gd', { eta: 0.1 }, marginObjective(ds, logistic), w0, 100)).toThrow(/nan aux gd: non-finite state at step 8 \(finite at step 4\): aux\[0\] = NaN/);
  });
});

describe('traceRoleAsGd and pushRisk', () => {
  it('records L(w_t) in log form: an underflowed risk (−∞) is kept as L = 0, the mean subtracts log n', () => {
    // exponential loss at margins ≥ 1e3: every e^{−u} underflows, log-sum-exp keeps log L finite
    const big = Float64Array.from(ds.Z.subarray(0, 3).map((v) => 1e4 * v));
    expect(marginLogRisk(ds, exponential, true)(big, 1)).toBeCloseTo(marginLogRisk(ds, exponential)(big, 1) - Math.log(ds.n), 12);
    const trace: GdTrace = { t: [], w: [], loss: [], logLoss: [], etaBound: NaN, iterations: 1 };
    pushRisk(trace, 1, w0, -Infinity);
    expect(trace.loss).toEqual([0]);
    expect(trace.logLoss).toEqual([-Infinity]);
  });

  it.each([[NaN, /loss is NaN at iteration 7/], [Infinity, /loss is Infinity at iteration 7/]])('log L = %d is a NumericalError naming the step', (logL, msg) => {
    const trace: GdTrace = { t: [], w: [], loss: [], logLoss: [], etaBound: NaN, iterations: 7 };
    expect(() => pushRisk(trace, 7, w0, logL, 'sgd')).toThrow(NumericalError);
    expect(() => pushRisk(trace, 7, w0, logL, 'sgd')).toThrow(msg);
    expect(() => pushRisk(trace, 7, Float64Array.from([0, NaN, 0]), 0, 'sgd')).toThrow(/sgd: w_t\[1\] = NaN at iteration 7/);
    expect(trace.t).toEqual([]);
  });

  it('a role run as a GD trace: the checkpoints, the iterates and the risk of runGd-style records', () => {
    const tr = traceRoleAsGd(referenceSubject, run(), { logRisk: marginLogRisk(ds, logistic), etaBound: 1.5 });
    const cps = geometricCheckpoints(1000, 5);
    expect(tr.t).toEqual(cps);
    expect(tr.iterations).toBe(1000);
    expect(tr.etaBound).toBe(1.5);
    const hand = byHand(cps, 0.3);
    expect(tr.w.map((w) => Array.from(w))).toEqual(hand.map((w) => Array.from(w)));
    expect(tr.logLoss).toEqual(hand.map((w) => marginLogRisk(ds, logistic)(w, 0)));
  });
});
