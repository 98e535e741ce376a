/**
 * The 'crossEntropy' extension (src/impl/interface.ts, docs/protocol.md): multi-class softmax cross-entropy as a
 * describable problem, so that the multiclass claim's GD runs (src/experiments/multiclass.ts) go whole to an
 * implementation that lists it — the others get them step by step, as before.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiclassDataset } from '../../src/data/multiclass.js';
import { crossEntropyStepBound, multiclassExperiment } from '../../src/experiments/multiclass.js';
import { batchedRun, batchedRuns } from '../../src/impl/batched.js';
import type { Hyper, Implementation, OptimizerRole } from '../../src/impl/interface.js';
import { protocolImplementation } from '../../src/impl/protocol.js';
import { reference } from '../../src/impl/reference.js';
import { subjectOf } from '../../src/impl/subject.js';
import { withWeightDecay } from '../../src/impl/wrappers.js';
import { geometricCheckpoints } from '../../src/optimizers/checkpoints.js';
import { crossEntropyObjective } from '../../src/optimizers/cross-entropy.js';
import type { ProblemSpec } from '../../src/optimizers/types.js';

const numpy = spawnSync('python3', ['-c', 'import numpy']).status === 0;
const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch']).status === 0;
if (!numpy) console.warn('numpy cross-entropy tests skipped: python3 with numpy not found');
if (!torch) console.warn('PyTorch cross-entropy tests skipped: `/usr/bin/python3 -c "import torch"` failed');

const [m] = fc.sample(multiclassDataset({ K: [3, 3], d: [3, 3], n: [8, 8] }), { seed: 3, numRuns: 1 });

/** The reference's role step by step on the problem's objective (its weight decay included). */
function stepwise(role: OptimizerRole, hyper: Hyper, p: ProblemSpec, w0: Float64Array, cps: readonly number[]): Float64Array[] {
  if (p.kind !== 'crossEntropy') throw new Error(`not a crossEntropy problem: ${p.kind}`);
  const base = crossEntropyObjective({ X: p.X, labels: p.labels, n: p.n, d: p.d, K: p.K });
  const obj = p.l2 === undefined ? base : withWeightDecay(base, p.l2);
  const opt = reference.optimizers[role]!(hyper);
  const s = opt.init(w0, obj);
  return cps.map((c) => {
    while (s.t < c) opt.update(s, obj);
    return Float64Array.from(s.w);
  });
}

/** A JS module whose runBatched does that, recording the kinds it is given; it lists 'crossEntropy' unless told not to. */
function jsCrossEntropy(list = true) {
  const kinds: string[] = [];
  const impl: Implementation = {
    name: 'js cross-entropy',
    optimizers: { gd: reference.optimizers.gd },
    extensions: list ? ['crossEntropy', 'l2'] : ['l2'],
    runBatched(role, hyper, p, w0, cps) {
      kinds.push(p.kind);
      return p.kind === 'crossEntropy' ? stepwise(role, hyper, p, w0, cps) : undefined;
    },
  };
  return { impl, kinds };
}

describe('the multiclass runs go whole under the crossEntropy extension', () => {
  it.each([undefined, 0.05])('weight decay %s: one whole run, the trace of the stepped run; not listed, never asked', (weightDecay) => {
    const o = { eta: 0.9 * crossEntropyStepBound(m), horizon: 3000, weightDecay };
    const whole = jsCrossEntropy();
    const steps = jsCrossEntropy(false);
    const a = multiclassExperiment(m, subjectOf(whole.impl), o).trace;
    const b = multiclassExperiment(m, subjectOf(steps.impl), o).trace;
    expect({ t: a.t, w: a.w.map((w) => Array.from(w)), loss: a.loss }).toEqual({ t: b.t, w: b.w.map((w) => Array.from(w)), loss: b.loss });
    expect(whole.kinds).toEqual(['crossEntropy']);
    expect(steps.kinds).toEqual([]);
  });
});

describe.skipIf(!numpy && !torch)('the Python examples take crossEntropy problems', () => {
  const cps = geometricCheckpoints(20_000, 20);
  const base = crossEntropyObjective(m);
  it.each([
    ['numpy', 'gd', undefined, 'python3 examples/python/optimizers.py', numpy],
    ['numpy', 'adam', undefined, 'python3 examples/python/optimizers.py', numpy],
    ['numpy', 'gd', 0.05, 'python3 examples/python/optimizers.py', numpy],
    ['torch', 'gd', undefined, '/usr/bin/python3 examples/python/torch_optimizers.py', torch],
    ['torch', 'adam', undefined, '/usr/bin/python3 examples/python/torch_optimizers.py', torch],
    ['torch', 'gd', 0.05, '/usr/bin/python3 examples/python/torch_optimizers.py', torch],
    ['torch autograd', 'gd', undefined, '/usr/bin/python3 examples/python/torch_optimizers.py --autograd', torch],
  ] as const)('%s %s (weight decay %s): the whole run is the reference\'s step by step to rounding', async (_k, role, l2, command, available) => {
    if (!available) return;
    const impl = await protocolImplementation(command);
    expect(impl.extensions).toContain('crossEntropy');
    const hyper = role === 'gd' ? { eta: 0.9 * crossEntropyStepBound(m) } : { eta: 0.05 };
    const problem = (l2 ? withWeightDecay(base, l2) : base).problem!;
    const w0 = new Float64Array(m.K * m.d);
    const got = batchedRun(impl, role, hyper, problem, w0, cps)!;
    const want = stepwise(role, hyper, problem, w0, cps);
    let worst = 0;
    got.forEach((w, j) => w.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - want[j][k]) / Math.max(1, Math.abs(want[j][k]))))));
    // the child's exp and sums against ours: rounding, measured ≤ 4.7e-15 relative over 20,000 steps (numpy adam;
    // ≤ 1.5e-15 for the rest). Not Adam with weight decay: near the regularized minimum its m̂/√v̂ divides two
    // vanishing quantities and amplifies rounding chaotically (3e-3 apart after 20,000 steps, numpy and torch alike)
    expect(worst).toBeLessThanOrEqual(1e-13);
  }, 60_000);
});

describe.skipIf(!numpy && !torch)('crossEntropy runs stack in one "runs" message (padded points add exact zeros)', () => {
  const ms = fc.sample(multiclassDataset({ K: [3, 3], d: [3, 3], n: [4, 10] }), { seed: 9, numRuns: 3 });
  it.each([
    ['numpy', 'python3 examples/python/optimizers.py', numpy, 0],
    ['torch', '/usr/bin/python3 examples/python/torch_optimizers.py', torch, 1e-14],
  ] as const)('%s: three problems of different n in one message give the runs alone (numpy bit for bit; torch to rounding)', async (_k, command, available, tol) => {
    if (!available) return;
    const impl = await protocolImplementation(command);
    const cps = geometricCheckpoints(2000, 20);
    const reqs = ms.map((mm) => ({ role: 'gd' as const, hyper: { eta: 0.9 * crossEntropyStepBound(mm) }, problem: crossEntropyObjective(mm).problem!, w0: new Float64Array(mm.K * mm.d), checkpoints: cps }));
    expect(new Set(ms.map((mm) => mm.n)).size).toBeGreaterThan(1); // the stack pads points
    const many = batchedRuns(impl, reqs)!;
    reqs.forEach((r, i) => {
      const alone = batchedRun(impl, r.role, r.hyper, r.problem, r.w0, r.checkpoints)!;
      const got = many[i] as Float64Array[];
      // torch: the stack's batched matrix products may sum in another order than a stack of one; measured ≤ 2e-16
      got.forEach((w, j) => w.forEach((v, k) => expect(Math.abs(v - alone[j][k])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(alone[j][k])))));
    });
  }, 60_000);
});
