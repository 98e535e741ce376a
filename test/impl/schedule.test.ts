/**
 * The 'schedule' extension (src/impl/interface.ts, docs/protocol.md): a whole run of a role with its steps scaled
 * by η(t+1)^{−a}, as withStepSchedule (src/impl/step-schedule.ts) does step by step — Adam's runs of
 * adam-converges-to-linf-max-margin (src/experiments/adam-linf.ts). Sent only to implementations that list it.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { adamTowardsLinf } from '../../src/experiments/adam-linf.js';
import { batchedRun } from '../../src/impl/batched.js';
import type { Implementation } from '../../src/impl/interface.js';
import { protocolImplementation } from '../../src/impl/protocol.js';
import { reference } from '../../src/impl/reference.js';
import { withStepSchedule } from '../../src/impl/step-schedule.js';
import { subjectOf } from '../../src/impl/subject.js';
import { logistic } from '../../src/losses/loss.js';
import { geometricCheckpoints } from '../../src/optimizers/checkpoints.js';
import { marginObjective } from '../../src/optimizers/objectives.js';

const numpy = spawnSync('python3', ['-c', 'import numpy']).status === 0;
const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch']).status === 0;
if (!numpy) console.warn('numpy schedule tests skipped: python3 with numpy not found');
if (!torch) console.warn('PyTorch schedule tests skipped: `/usr/bin/python3 -c "import torch"` failed');

const [ds] = fc.sample(separableDataset({ n: [5, 5], d: [3, 3] }), { seed: 5, numRuns: 1 });

/** Step by step: the reference's Adam under withStepSchedule, recorded at the checkpoints. */
function stepwise(hyper: { eta: number; eps: number }, eta: number, a: number, cps: number[]): Float64Array[] {
  const obj = marginObjective(ds, logistic);
  const opt = withStepSchedule(reference.optimizers.adam!(hyper), eta, a);
  const s = opt.init(new Float64Array(ds.d), obj);
  return cps.map((c) => {
    while (s.t < c) opt.update(s, obj);
    return Float64Array.from(s.w);
  });
}

/** A JS module whose runBatched does the same, and counts its calls; it lists 'schedule' unless told not to. */
function jsScheduled(list = true) {
  let calls = 0;
  const impl: Implementation = {
    name: 'js scheduled',
    optimizers: { adam: reference.optimizers.adam },
    ...(list ? { extensions: ['schedule' as const] } : {}),
    runBatched(role, hyper, p, w0, cps, schedule) {
      calls++;
      if (p.kind !== 'margin' || !schedule) return undefined;
      return stepwiseOn({ role, hyper, problem: p, w0, checkpoints: cps, schedule });
    },
  };
  return { impl, calls: () => calls };
}

describe('adam-linf runs whole under the schedule extension', () => {
  const ref = { gammaInf: 0.5, gapL2: 0.2 }; // figures only: the trial's rule reads them, the runs do not
  const o = { eta: 0.1, a: 0.5, eps: 0, horizon: 5000 };
  it('an implementation listing "schedule" gets one whole run: the same figures as step by step', () => {
    const whole = jsScheduled();
    const steps = jsScheduled(false);
    const run = (impl: Implementation) => {
      try {
        return adamTowardsLinf(ds, ref, subjectOf(impl), o).figures;
      } catch (e) {
        return (e as { figures: unknown }).figures;
      }
    };
    expect(run(whole.impl)).toEqual(run(steps.impl));
    expect(whole.calls()).toBe(1);
    expect(steps.calls()).toBe(0); // not listed: never asked, the steps ran here
  });
});

describe.skipIf(!numpy && !torch)('the Python examples take the schedule', () => {
  it.each([
    ['numpy', 'python3 examples/python/optimizers.py', numpy],
    ['torch', '/usr/bin/python3 examples/python/torch_optimizers.py', torch],
  ] as const)('%s: Adam with steps η(t+1)^{-1/2} agrees with withStepSchedule step by step to rounding', async (_k, command, available) => {
    if (!available) return;
    const impl = await protocolImplementation(command);
    expect(impl.extensions).toContain('schedule');
    const cps = geometricCheckpoints(2000, 20);
    const hyper = { eta: 1, eps: 1e-8 };
    const got = batchedRun(impl, 'adam', hyper, marginObjective(ds, logistic).problem, new Float64Array(ds.d), cps, { eta: 0.1, power: 0.5 })!;
    const want = stepwise(hyper, 0.1, 0.5, cps);
    // the child's own gradient and pow against ours: rounding, measured ≤ 1e-15 relative after 2000 steps
    got.forEach((w, j) => w.forEach((v, k) => expect(Math.abs(v - want[j][k]), `t=${cps[j]} w[${k}]`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[j][k])))));
    const unscheduled = batchedRun(impl, 'adam', { eta: 0.1, eps: 1e-8 }, marginObjective(ds, logistic).problem, new Float64Array(ds.d), cps)!;
    expect(Math.abs(unscheduled.at(-1)![0] - got.at(-1)![0])).toBeGreaterThan(1e-3); // the schedule changed the run
  }, 60_000);
});

describe('adam-converges-to-linf-max-margin sends its runs in one call (src/experiments/adam-linf-prefetch.ts)', () => {
  it('the same outcome as one run per call; the runs of the property went in one runBatchedMany', async () => {
    const { claim } = await import('../../claims/beyond-lectures/adam-converges-to-linf-max-margin.claim.js');
    const { runCheck } = await import('../../src/harness/run.js');
    const many: number[] = [];
    const one = jsScheduled();
    const both = jsScheduled();
    both.impl.runBatchedMany = (reqs) => (many.push(reqs.length), reqs.map((r) => stepwiseOn(r)));
    const check = (impl: Implementation) => runCheck(claim.id, claim.check, { profile: 'smoke', seed: 3, subject: subjectOf(impl) });
    const [a, b] = [await check(one.impl), await check(both.impl)];
    const strip = (o: typeof a) => ({ verdict: o.verdict, message: o.message, figures: o.figures });
    expect(strip(b)).toEqual(strip(a));
    expect(many).toEqual([3]); // the smoke profile's three datasets
    expect(both.calls()).toBe(0); // every trial took its prefetched run
    expect(one.calls()).toBe(3);
  }, 120_000);
});

/** A request of runBatchedMany run step by step (the reference's Adam under withStepSchedule, on its own data). */
function stepwiseOn(r: import('../../src/impl/interface.js').BatchedRequest): Float64Array[] {
  const p = r.problem as { Z: Float64Array; n: number; d: number };
  const obj = marginObjective(p, logistic);
  const opt = withStepSchedule(reference.optimizers.adam!(r.hyper), r.schedule!.eta, r.schedule!.power);
  const s = opt.init(r.w0, obj);
  return r.checkpoints.map((c) => {
    while (s.t < c) opt.update(s, obj);
    return Float64Array.from(s.w);
  });
}
