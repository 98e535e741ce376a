/**
 * Whole runs at once (Implementation.runBatched, src/impl/batched.ts; protocol version 2, docs/protocol.md): the
 * harness sends a describable problem once and reads the iterates at the checkpoints. The hook is generic (a JS
 * module here, a protocol child of version 2 below), gives the same iterates as the step-by-step run, is declined
 * for objectives it cannot describe (weight decay), and every broken contract is a named fault.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import type { Implementation } from '../../src/impl/interface.js';
import { protocolImplementation } from '../../src/impl/protocol.js';
import { reference } from '../../src/impl/reference.js';
import { runGdOnSubject } from '../../src/impl/run-gd-role.js';
import { subjectOf } from '../../src/impl/subject.js';
import { exponential, logistic } from '../../src/losses/loss.js';
import { leastSquaresObjective, marginObjective } from '../../src/optimizers/objectives.js';
import type { ProblemSpec } from '../../src/optimizers/types.js';

const [ds] = fc.sample(separableDataset({ n: [6, 6], d: [3, 3] }), { seed: 2, numRuns: 1 });
const w0 = new Float64Array(3);

/** A JS implementation whose runBatched steps the reference's gd on the objective rebuilt from the spec. */
function batchedJs(mangle: (ws: Float64Array[], p: ProblemSpec) => Float64Array[] = (ws) => ws) {
  const calls: ProblemSpec[] = [];
  const impl: Implementation = {
    name: 'js batched',
    optimizers: { gd: reference.optimizers.gd },
    runBatched(role, hyper, p, start, checkpoints) {
      calls.push(p);
      if (p.kind !== 'margin') return undefined;
      const obj = marginObjective({ Z: p.Z, n: p.n, d: p.d }, p.loss === 'logistic' ? logistic : exponential, { mean: p.mean });
      const opt = reference.optimizers[role]!(hyper);
      const s = opt.init(start, obj);
      const ws: Float64Array[] = [];
      for (const c of checkpoints) {
        while (s.t < c) opt.update(s, obj);
        ws.push(Float64Array.from(s.w));
      }
      return mangle(ws, p);
    },
  };
  return { impl, calls };
}

describe('Implementation.runBatched (generic hook)', () => {
  it('the GD trace through the hook equals the step-by-step trace bit for bit; the problem names the loss', () => {
    const { impl, calls } = batchedJs();
    const cfg = { loss: exponential, eta: 0.3 };
    const a = runGdOnSubject(subjectOf(impl), ds.Z, ds.n, ds.d, w0, 3000, cfg);
    const b = runGdOnSubject(subjectOf({ name: 'steps', optimizers: { gd: reference.optimizers.gd } }), ds.Z, ds.n, ds.d, w0, 3000, cfg);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ kind: 'margin', loss: 'exponential', mean: false, n: 6, d: 3 });
    expect(a.t).toEqual(b.t);
    expect(a.w.map((w) => Array.from(w))).toEqual(b.w.map((w) => Array.from(w)));
  });

  it('an objective it cannot describe (weight decay: a control) is run step by step; Subject.run delegates like the gd path', () => {
    const { impl, calls } = batchedJs();
    runGdOnSubject(subjectOf(impl), ds.Z, ds.n, ds.d, w0, 100, { loss: logistic, eta: 0.3, weightDecay: 0.1 });
    expect(calls).toHaveLength(0);
    const seen: number[] = [];
    const s = subjectOf(impl).run('gd', { eta: 0.3 }, marginObjective(ds, logistic), w0, 100, (st) => void seen.push(st.t));
    expect(calls).toHaveLength(1);
    expect(seen).toEqual([1, 2, 4, 8, 16, 32, 64, 100]); // runOptimizer's checkpoints
    expect(s.t).toBe(100);
    // least squares is describable too; this implementation declines it (undefined) and the steps run instead
    const X = Float64Array.from([1, 0, 0, 1, 1, 1]);
    expect(subjectOf(impl).run('gd', { eta: 0.1 }, leastSquaresObjective(X, Float64Array.from([1, 2, 3])), new Float64Array(2), 500).w[0]).toBeCloseTo(1, 6);
    expect(calls.at(-1)!.kind).toBe('leastSquares');
  });

  const faults: [string, (ws: Float64Array[], p: ProblemSpec) => Float64Array[], RegExp][] = [
    ['too few iterates', (ws) => ws.slice(1), /^\[shape\] js batched gd: runBatched returned \d+ iterates for \d+ checkpoints/],
    ['a short iterate', (ws) => [ws[0].subarray(1), ...ws.slice(1)], /^\[shape\] js batched gd: the iterate at t = 1 is Float64Array\(2\), expected Float64Array\(3\)/],
    ['NaN', (ws) => ws.map((w, j) => (j === 5 ? Float64Array.from(w).fill(NaN) : w)), /^\[non-finite\] js batched gd: w\[0\] = NaN at step 6 \(batched run\)/],
    ['a mutation of the data', (ws, p) => ((p as { Z: Float64Array }).Z[0] += 1, ws), /^\[mutation\] js batched gd: runBatched mutated the data \(element 0 changed/],
  ];
  it.each(faults)('%s is a named fault', (_k, mangle, message) => {
    const Z = Float64Array.from(ds.Z);
    expect(() => runGdOnSubject(subjectOf(batchedJs(mangle).impl), Z, ds.n, ds.d, w0, 100, { loss: logistic, eta: 0.3 })).toThrow(message);
  });
});

const python = spawnSync('python3', ['--version']).status === 0;
const numpy = python && spawnSync('python3', ['-c', 'import numpy']).status === 0;
const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch']).status === 0;

describe.skipIf(!python)('protocol version 2', () => {
  it('a child that asks the harness for its gradients in batches ("need":"grads") reproduces step-by-step GD bit for bit', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'claims-v2-')), 'grads.py');
    writeFileSync(
      p,
      `import json, sys
def send(o): sys.stdout.write(json.dumps(o) + "\\n"); sys.stdout.flush()
for line in sys.stdin:
    r = json.loads(line)
    if r["op"] == "hello": send({"protocol": "implicit-bias-claims/2", "name": "asks for grads", "roles": ["gd"]})
    elif r["op"] == "run":
        w, eta, ws, t = list(r["w0"]), r["hyper"]["eta"], [], 0
        for c in r["checkpoints"]:
            while t < c:
                send({"need": "grads", "at": [w, w]})  # two points in one request: the same twice, to check both answers
                a = json.loads(sys.stdin.readline())
                assert a["grads"][0] == a["grads"][1]
                w = [x - eta * g for x, g in zip(w, a["grads"][0])]; t += 1
            ws.append(w)
        send({"ws": ws})
    else: send({"error": "per-step ops are not used here"})
`,
    );
    const impl = await protocolImplementation(`python3 ${p}`);
    expect(impl.runBatched).toBeTypeOf('function');
    const cfg = { loss: logistic, eta: 0.3 };
    const a = runGdOnSubject(subjectOf(impl), ds.Z, ds.n, ds.d, w0, 500, cfg);
    const b = runGdOnSubject(subjectOf({ name: 'steps', optimizers: { gd: reference.optimizers.gd } }), ds.Z, ds.n, ds.d, w0, 500, cfg);
    expect(a.w.map((w) => Array.from(w))).toEqual(b.w.map((w) => Array.from(w)));
  }, 60_000);

  it('a version-1 child gets no batched hook (every step is a message, as before)', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'claims-v1-')), 'v1.py');
    writeFileSync(p, `import json, sys\nfor line in sys.stdin:\n    sys.stdout.write(json.dumps({"protocol": "implicit-bias-claims/1", "name": "v1", "roles": ["gd"]}) + "\\n"); sys.stdout.flush()\n`);
    expect((await protocolImplementation(`python3 ${p}`)).runBatched).toBeUndefined();
  });

  const agree = async (command: string, roles: ('gd' | 'adam' | 'heavyBall' | 'nesterov' | 'adagrad' | 'rmsprop')[]) => {
    const impl = await protocolImplementation(command);
    for (const role of roles)
      for (const loss of [logistic, exponential]) {
        const obj = marginObjective(ds, loss);
        const hyper = { eta: 0.05 };
        const got = subjectOf(impl).run(role, hyper, obj, w0, 2000).w;
        const ref = subjectOf(null).run(role, hyper, obj, w0, 2000).w;
        // the gradient is computed by the child (numpy's logaddexp, or torch's autograd), not by our loop: the two
        // agree to rounding: measured ≤ 2.7e-16 relative after 2000 steps (1e-12 leaves room for other BLAS orders)
        got.forEach((v, k) => expect(Math.abs(v - ref[k]), `${role} ${loss.name} w[${k}]`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref[k]))));
      }
  };
  it.skipIf(!numpy)('the numpy example runs whole runs with its own numpy gradient, agreeing with the reference to rounding', () => agree('python3 examples/python/optimizers.py', ['gd', 'adam']), 60_000);
  it.skipIf(!torch)('the PyTorch example runs whole runs with autograd, agreeing with the reference to rounding', () => agree('/usr/bin/python3 examples/python/torch_optimizers.py', ['gd', 'heavyBall', 'adagrad', 'rmsprop', 'adam']), 120_000);
});
