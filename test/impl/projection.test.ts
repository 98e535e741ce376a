/**
 * The 'projection' extension (src/impl/interface.ts, docs/protocol.md): a whole run followed, after every update, by
 * the projection onto the ball ‖w‖ ≤ r, as withProjection (src/impl/wrappers.ts) does step by step — the projected-GD
 * control of gd-logistic-risk-bound. Sent only to implementations that list it; others are stepped and wrapped.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { batchedRun } from '../../src/impl/batched.js';
import type { Hyper, Implementation, OptimizerRole } from '../../src/impl/interface.js';
import { protocolImplementation } from '../../src/impl/protocol.js';
import { reference } from '../../src/impl/reference.js';
import { runGdOnSubject } from '../../src/impl/run-gd-role.js';
import { subjectOf } from '../../src/impl/subject.js';
import { withProjection } from '../../src/impl/wrappers.js';
import { norm2 } from '../../src/linalg/vec.js';
import { logistic } from '../../src/losses/loss.js';
import { geometricCheckpoints } from '../../src/optimizers/checkpoints.js';
import { marginObjective } from '../../src/optimizers/objectives.js';
import type { ProblemSpec } from '../../src/optimizers/types.js';

const numpy = spawnSync('python3', ['-c', 'import numpy']).status === 0;
const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch']).status === 0;
if (!numpy) console.warn('numpy projection tests skipped: python3 with numpy not found');
if (!torch) console.warn('PyTorch projection tests skipped: `/usr/bin/python3 -c "import torch"` failed');

const [ds] = fc.sample(separableDataset({ n: [6, 6], d: [3, 3] }), { seed: 7, numRuns: 1 });
const R = 0.5;

/** The reference's role step by step under withProjection(r), on the problem's margin objective. */
function stepwise(role: OptimizerRole, hyper: Hyper, p: ProblemSpec, w0: Float64Array, cps: readonly number[], r: number): Float64Array[] {
  const q = p as { Z: Float64Array; n: number; d: number; mean?: boolean };
  const obj = marginObjective(q, logistic, { mean: q.mean });
  const opt = withProjection(reference.optimizers[role]!(hyper), r);
  const s = opt.init(w0, obj);
  return cps.map((c) => {
    while (s.t < c) opt.update(s, obj);
    return Float64Array.from(s.w);
  });
}

/** A JS module whose runBatched does the same and records the radii it is given; it lists 'projection' unless told not to. */
function jsProjected(list = true) {
  const radii: (number | undefined)[] = [];
  const impl: Implementation = {
    name: 'js projected',
    optimizers: { gd: reference.optimizers.gd },
    ...(list ? { extensions: ['projection' as const] } : {}),
    runBatched(role, hyper, p, w0, cps, _schedule, projection) {
      radii.push(projection);
      return projection === undefined ? undefined : stepwise(role, hyper, p, w0, cps, projection);
    },
  };
  return { impl, radii };
}

describe('the projected-GD control runs whole under the projection extension', () => {
  const cfg = { eta: 1, loss: logistic, projectRadius: R };
  it('an implementation listing "projection" gets one whole run with the radius: the trace of the stepped, wrapped run', () => {
    const whole = jsProjected();
    const steps = jsProjected(false);
    const a = runGdOnSubject(subjectOf(whole.impl), ds.Z, ds.n, ds.d, new Float64Array(ds.d), 3000, cfg);
    const b = runGdOnSubject(subjectOf(steps.impl), ds.Z, ds.n, ds.d, new Float64Array(ds.d), 3000, cfg);
    expect(a).toEqual(b);
    expect(whole.radii).toEqual([R]);
    expect(steps.radii).toEqual([]); // not listed: never asked, the steps ran here under withProjection
    expect(norm2(b.w.at(-1)!)).toBeCloseTo(R, 12); // the projection was active: GD's norm grows without it
  });
});

describe.skipIf(!numpy && !torch)('the Python examples take the projection', () => {
  const cps = geometricCheckpoints(2000, 20);
  const problem = marginObjective(ds, logistic).problem!;
  it.each([
    ['numpy', 'gd', 'python3 examples/python/optimizers.py', numpy],
    ['numpy', 'adam', 'python3 examples/python/optimizers.py', numpy],
    ['torch', 'gd', '/usr/bin/python3 examples/python/torch_optimizers.py', torch],
    ['torch', 'adam', '/usr/bin/python3 examples/python/torch_optimizers.py', torch],
  ] as const)('%s %s: the whole run with "projection" is withProjection step by step', async (_kind, role, command, available) => {
    if (!available) return;
    const impl = await protocolImplementation(command);
    expect(impl.extensions).toContain('projection');
    const hyper = role === 'gd' ? { eta: 1 } : { eta: 0.05 };
    const got = batchedRun(impl, role, hyper, problem, new Float64Array(ds.d), cps, undefined, R)!;
    const want = stepwise(role, hyper, problem, new Float64Array(ds.d), cps, R);
    let worst = 0;
    got.forEach((w, j) => w.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - want[j][k]) / Math.max(1, Math.abs(want[j][k]))))));
    expect(Math.abs(norm2(want.at(-1)!) - R)).toBeLessThan(1e-12); // the projection was active
    // the child's own gradient (numpy's / torch's exp and sums) against ours: rounding, measured ≤ 1.7e-16 relative
    // after 2000 steps for all four; the projection itself is bit for bit (below), and as a contraction it does not
    // amplify the gradients' rounding differences
    expect(worst).toBeLessThanOrEqual(1e-14);
  }, 60_000);

  /** The Python projection of each row of `W` at radius r, computed by `python` with `expr` (numpy or torch). */
  const pythonProjection = (python: string, setup: string, W: number[][], r: number): number[][] => {
    const code = `import json, sys; sys.path.insert(0, 'examples/python')\n${setup}\nW, r = json.load(sys.stdin)\nprint(json.dumps(f(W, r)))`;
    const out = spawnSync(python, ['-c', code], { input: JSON.stringify([W, r]), encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    return JSON.parse(out.stdout);
  };
  const rows = fc.sample(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 12, maxLength: 12 }), { seed: 11, numRuns: 200 }).map((w) => w.map((x) => x + 0)); // −0 → 0: JSON writes −0 as 0
  const radii = [0.5, 1, 2.5];
  it.each([
    ['numpy', 'python3', numpy, 'import numpy as np\nfrom claims_stack import projected\nclass P: pass\ndef f(W, r):\n    p = P(); p.projection = r\n    return projected(p, np.array(W)).tolist()'],
    ['torch', '/usr/bin/python3', torch, 'import torch\nfrom torch_optimizers import torch_projected\nclass P: pass\ndef f(W, r):\n    p = P(); p.projection = r\n    return torch_projected(p, torch.tensor(W, dtype=torch.float64)).tolist()'],
  ] as const)('%s: the projection is withProjection\'s bit for bit (200 rows of 12, three radii, in and outside the ball)', (_k, python, available, setup) => {
    if (!available) return;
    for (const r of radii) {
      const got = pythonProjection(python, setup, rows, r);
      const want = rows.map((w) => {
        const s = { w: Float64Array.from(w), t: 0 };
        withProjection({ name: 'id', params: {}, init: (w0) => ({ w: Float64Array.from(w0), t: 0 }), update: () => {} }, r).update(s, marginObjective(ds, logistic));
        return Array.from(s.w);
      });
      expect(got).toEqual(want);
      expect(want.some((w, i) => w[0] !== rows[i][0])).toBe(true); // some rows were outside the ball
    }
  }, 60_000);
});

describe('gd-logistic-risk-bound\'s projected control sends its runs in one call (src/experiments/gd-prefetch.ts)', () => {
  it('the same violation as step by step; the runs went in one runBatchedMany with their radius', async () => {
    const { claim } = await import('../../claims/gd-separable/gd-logistic-risk-bound.claim.js');
    const { runCheck } = await import('../../src/harness/run.js');
    const many: (number | undefined)[][] = [];
    const both = jsProjected();
    both.impl.runBatchedMany = (reqs) => (many.push(reqs.map((r) => r.projection)), reqs.map((r) => stepwise(r.role, r.hyper, r.problem, r.w0, r.checkpoints, r.projection!)));
    const steps: Implementation = { name: 'js projected', optimizers: { gd: reference.optimizers.gd } };
    const control = (impl: Implementation) => runCheck(claim.id, claim.control.check, { profile: 'smoke', seed: 5, subject: subjectOf(impl), control: true });
    const strip = (o: Awaited<ReturnType<typeof control>>) => ({ verdict: o.verdict, message: o.message, figures: o.figures, trials: o.trials });
    const [a, b] = [await control(steps), await control(both.impl)];
    expect(a.verdict).toBe('violated');
    expect(strip(b)).toEqual(strip(a));
    expect(many.length).toBe(1);
    expect(many[0].length).toBeGreaterThan(1);
    expect(new Set(many[0])).toEqual(new Set([1])); // the control's radius (projectRadius: 1)
    expect(both.radii).toEqual([]); // every trial took its prefetched run
  }, 120_000);
});
