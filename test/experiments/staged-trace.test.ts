/**
 * stagedTrace (src/experiments/staged-trace.ts): a subject's role recorded at checkpoints with an early stop — whole
 * runs through the implementation's batched hook, the stop rule evaluated on the returned checkpoints — gives the
 * trace traceOptimizer gives step by step, in stages of 1000, 8000, … steps when a stop rule may end it early.
 */
import { describe, expect, it } from 'vitest';
import { stagedTrace } from '../../src/experiments/staged-trace.js';
import { traceOptimizer } from '../../src/experiments/least-squares.js';
import type { Implementation, OptimizerRole } from '../../src/impl/interface.js';
import { reference } from '../../src/impl/reference.js';
import { subjectOf } from '../../src/impl/subject.js';
import { leastSquaresObjective } from '../../src/optimizers/objectives.js';
import type { ProblemSpec } from '../../src/optimizers/types.js';

/** The reference's steps behind a runBatched hook that records the length of each whole run. */
function batched(): { impl: Implementation; runs: number[] } {
  const runs: number[] = [];
  const impl: Implementation = {
    name: 'js batched',
    optimizers: { adam: reference.optimizers.adam, heavyBall: reference.optimizers.heavyBall },
    runBatched(role, hyper, p: ProblemSpec, w0, checkpoints) {
      if (p.kind !== 'leastSquares') return undefined;
      runs.push(checkpoints.at(-1)!);
      const obj = leastSquaresObjective(p.X, p.y);
      const opt = reference.optimizers[role]!(hyper);
      const s = opt.init(w0, obj);
      return checkpoints.map((c) => {
        while (s.t < c) opt.update(s, obj);
        return Float64Array.from(s.w);
      });
    },
  };
  return { impl, runs };
}

// an underdetermined least-squares problem: 2 points in R^3
const obj = leastSquaresObjective(Float64Array.from([1, 0, 1, 0, 1, 1]), Float64Array.from([1, 2]));
const w0 = new Float64Array(3);
const plain = (t: { t: number[]; w: Float64Array[] }) => ({ t: t.t, w: t.w.map((w) => Array.from(w)) });

describe('stagedTrace', () => {
  const cases: [OptimizerRole, Record<string, number>, number, number, number][] = [
    // [role, hyper, steps, stop threshold on the residual ‖Xw − y‖, whole runs sent]
    ['heavyBall', { eta: 0.2, momentum: 0.5 }, 20_000, 1e-6, 1], // stops within the first stage (≤ 1000 steps)
    ['adam', { eta: 1e-3 }, 20_000, 1e-3, 2], // needs the second stage (≤ 8000)
    ['adam', { eta: 1e-3 }, 3000, -1, 2], // never stops: the first stage, then the whole horizon
  ];
  it.each(cases)('%s: the batched trace equals the step-by-step one, early stop included', (role, hyper, steps, tol, stages) => {
    const residual = (w: Float64Array) => Math.hypot(w[0] + w[2] - 1, w[1] + w[2] - 2);
    const stop = (w: Float64Array) => residual(w) <= tol;
    const { impl, runs } = batched();
    const a = stagedTrace(subjectOf(impl), role, { ...hyper, eta: hyper.eta }, obj, w0, steps, 1.25, stop);
    const b = traceOptimizer(reference.optimizers[role]!({ ...hyper, eta: hyper.eta }), obj, w0, steps, 1.25, stop);
    expect(plain(a)).toEqual(plain(b));
    const end = a.t.at(-1)!;
    expect(runs).toHaveLength(stages);
    expect(runs[0]).toBeLessThanOrEqual(1000);
    // the stage that stopped it is the first to reach its stop; a run that never stops ends at the horizon
    expect(runs.at(-1)!).toBeGreaterThanOrEqual(end);
    expect(runs.slice(0, -1).every((h) => h < end)).toBe(true);
    expect(tol < 0 ? end === steps : end < steps).toBe(true);
  });

  it('without a batched hook, or for a role it lacks, the steps run here (the same trace as traceOptimizer)', () => {
    const hyper = { eta: 0.2, momentum: 0.5 };
    const a = stagedTrace(subjectOf(null), 'heavyBall', hyper, obj, w0, 500);
    const b = traceOptimizer(reference.optimizers.heavyBall!(hyper), obj, w0, 500);
    expect(plain(a)).toEqual(plain(b));
    const { impl, runs } = batched();
    delete impl.optimizers.heavyBall;
    expect(plain(stagedTrace(subjectOf(impl), 'heavyBall', hyper, obj, w0, 500))).toEqual(plain(b));
    expect(runs).toEqual([]);
  });

  it('a hook that declines every stage: each stage steps here (traceRole), the trace is still traceOptimizer\'s', () => {
    const hyper = { eta: 1e-3 };
    const residual = (w: Float64Array) => Math.hypot(w[0] + w[2] - 1, w[1] + w[2] - 2);
    const stop = (w: Float64Array) => residual(w) <= 1e-3;
    const asked: number[] = [];
    const impl: Implementation = { name: 'js declining', optimizers: { adam: reference.optimizers.adam }, runBatched: (_r, _h, _p, _w, cps) => void asked.push(cps.at(-1)!) };
    const a = stagedTrace(subjectOf(impl), 'adam', hyper, obj, w0, 20_000, 1.25, stop);
    const b = traceOptimizer(reference.optimizers.adam!(hyper), obj, w0, 20_000, 1.25, stop);
    expect(plain(a)).toEqual(plain(b));
    expect(asked.length).toBe(2); // asked for the stage of ≤ 1000 steps, then ≤ 8000, where it stops
  });

  it('runs through traceRole\'s guard: a step that writes the data is a named fault (the data are protected)', () => {
    const bad: Implementation = {
      name: 'js mutating',
      optimizers: {
        heavyBall: (h) => {
          const o = reference.optimizers.heavyBall!(h);
          return { ...o, update: (st, ob) => (o.update(st, ob), ob.problem?.kind === 'leastSquares' && st.t === 3 && ((ob.problem.y as Float64Array)[0] += 1)) };
        },
      },
    };
    const X = Float64Array.from([1, 0, 1, 0, 1, 1]);
    const y = Float64Array.from([1, 2]);
    expect(() => stagedTrace(subjectOf(bad), 'heavyBall', { eta: 0.2, momentum: 0.5 }, leastSquaresObjective(X, y), w0, 500)).toThrow(/mutat/);
  });
});

describe('roleExperiment (src/experiments/role-runs.ts) takes a whole run through the batched hook', () => {
  it('the same GdTrace as step by step, weight decay included (an implementation listing "l2")', async () => {
    const { roleExperiment } = await import('../../src/experiments/role-runs.js');
    const { marginObjective } = await import('../../src/optimizers/objectives.js');
    const { withWeightDecay } = await import('../../src/impl/wrappers.js');
    const { logistic } = await import('../../src/losses/loss.js');
    const ds = { n: 3, d: 2, Z: Float64Array.from([1, 0.2, 0.5, 1, 0.8, 0.7]), X: Float64Array.from([1, 0.2, 0.5, 1, 0.8, 0.7]), y: Float64Array.from([1, 1, 1]) };
    let calls = 0;
    const impl: Implementation = {
      name: 'js batched',
      optimizers: { adam: reference.optimizers.adam },
      extensions: ['l2'],
      runBatched(role, hyper, p, w0s, checkpoints) {
        calls++;
        if (p.kind !== 'margin') return undefined;
        const base = marginObjective({ Z: p.Z, n: p.n, d: p.d }, logistic);
        const o = p.l2 === undefined ? base : withWeightDecay(base, p.l2);
        const opt = reference.optimizers[role]!(hyper);
        const s = opt.init(w0s, o);
        return checkpoints.map((c) => {
          while (s.t < c) opt.update(s, o);
          return Float64Array.from(s.w);
        });
      },
    };
    for (const weightDecay of [undefined, 0.01]) {
      const o = { role: 'adam' as const, hyper: { eta: 0.01 }, loss: logistic, horizon: 3000, weightDecay };
      const a = roleExperiment(ds as never, subjectOf(impl), o).trace;
      const b = roleExperiment(ds as never, subjectOf({ name: 'steps', optimizers: { adam: reference.optimizers.adam } }), o).trace;
      expect({ t: a.t, w: a.w.map((w) => Array.from(w)), loss: a.loss }).toEqual({ t: b.t, w: b.w.map((w) => Array.from(w)), loss: b.loss });
    }
    expect(calls).toBe(2);
  });
});
