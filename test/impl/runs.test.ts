/**
 * Several whole runs per message (Implementation.runBatchedMany; protocol version 2 with `"runs": K` in the hello,
 * docs/protocol.md): the Python examples stack K runs into one array program and give each run the iterates it gets
 * alone (numpy: bit for bit; torch: to rounding, measured), and the section-A properties send the runs they will
 * need in one call (src/experiments/gd-prefetch.ts) with the same verdicts and figures as one run per message.
 * Torch parts skip with a message when `/usr/bin/python3 -c "import torch"` fails, numpy parts when python3 has no
 * numpy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { claim as normClaim } from '../../claims/gd-separable/gd-norm-diverges-like-log-t.claim.js';
import { runCheck } from '../../src/harness/run.js';
import { batchedRuns } from '../../src/impl/batched.js';
import type { BatchedRequest, Implementation, OptimizerRole } from '../../src/impl/interface.js';
import { protocolImplementation } from '../../src/impl/protocol.js';
import { reference } from '../../src/impl/reference.js';
import { subjectOf } from '../../src/impl/subject.js';
import { exponential, logistic } from '../../src/losses/loss.js';
import { marginObjective } from '../../src/optimizers/objectives.js';
import type { ProblemSpec } from '../../src/optimizers/types.js';
import { withWeightDecay } from '../../src/impl/wrappers.js';

const numpy = spawnSync('python3', ['-c', 'import numpy']).status === 0;
const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch']).status === 0;
if (!numpy) console.warn('numpy "runs" tests skipped: python3 with numpy not found');
if (!torch) console.warn('PyTorch "runs" tests skipped: `/usr/bin/python3 -c "import torch"` failed (Debian: apt-get install python3-torch)');

/** Problems of different sizes (n 3..8, d 2..4): the stack pads them. */
const datasets = fc.sample(separableDataset({ n: [3, 8], d: [2, 4] }), { seed: 11, numRuns: 4 });
const cps = [1, 2, 5, 10, 50, 100, 500, 1000];

function requests(role: OptimizerRole, hyper: (k: number) => Record<string, number>, loss = logistic, checkpoints = cps): BatchedRequest[] {
  return datasets.map((ds, k) => ({ role, hyper: { eta: 0.1, ...hyper(k) }, problem: marginObjective(ds, loss).problem!, w0: new Float64Array(ds.d), checkpoints }));
}

/** The largest |a − b| / max(1, |b|) over every iterate of every run. */
function maxRelDiff(a: Float64Array[][], b: Float64Array[][]): number {
  let m = 0;
  a.forEach((ws, i) => ws.forEach((w, j) => w.forEach((v, k) => (m = Math.max(m, Math.abs(v - b[i][j][k]) / Math.max(1, Math.abs(b[i][j][k])))))));
  return m;
}

async function manyAgainstOne(command: string, role: OptimizerRole, hyper: (k: number) => Record<string, number>, loss = logistic, checkpoints = cps) {
  const impl = await protocolImplementation(command);
  expect(impl.runBatchedMany).toBeTypeOf('function');
  const reqs = requests(role, hyper, loss, checkpoints);
  const many = batchedRuns(impl, reqs)!;
  const one = reqs.map((r) => impl.runBatched!(r.role, r.hyper, r.problem, r.w0, r.checkpoints)!);
  many.forEach((ws) => expect(Array.isArray(ws), String(ws)).toBe(true));
  // the runs moved (a stack that froze every row would agree trivially)
  expect(Math.hypot(...(many[0] as Float64Array[]).at(-1)!)).toBeGreaterThan(0.01);
  return maxRelDiff(many as Float64Array[][], one);
}

describe.skipIf(!numpy)('"runs" through the numpy example: stacked runs are bit for bit the runs alone', () => {
  it('gd with a different η per run, and adam, on problems of different n and d', async () => {
    expect(await manyAgainstOne('python3 examples/python/optimizers.py', 'gd', (k) => ({ eta: 0.05 * (k + 1) }))).toBe(0);
    expect(await manyAgainstOne('python3 examples/python/optimizers.py', 'adam', () => ({ eta: 0.01 }), exponential)).toBe(0);
  }, 60_000);

  it('a large problem (n·d > 4096, a user\'s dataset) goes through np.matmul: the reference\'s run to rounding', async () => {
    const impl = await protocolImplementation('python3 examples/python/optimizers.py');
    const [big] = fc.sample(separableDataset({ n: [1500, 1500], d: [4, 4] }), { seed: 4, numRuns: 1 });
    const obj = marginObjective(big, logistic, { mean: true });
    const got = subjectOf(impl).run('gd', { eta: 0.5 }, obj, new Float64Array(4), 300).w;
    const ref = subjectOf(null).run('gd', { eta: 0.5 }, obj, new Float64Array(4), 300).w;
    // BLAS sums 1500 terms in another order than our loop: measured ≤ 1e-15 relative after 300 steps
    got.forEach((v, k) => expect(Math.abs(v - ref[k]), `w[${k}]`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref[k]))));
    expect(Math.hypot(...ref)).toBeGreaterThan(0.1);
  }, 60_000);
});

describe.skipIf(!torch)('"runs" through the PyTorch example: each row of the stack gets its own run', () => {
  const cmd = '/usr/bin/python3 examples/python/torch_optimizers.py';
  // Rounding only: torch's reductions over a (K, n_max, d_max) stack may sum in another order than over (1, n, d)
  // (even at equal sizes: the vectorised kernel depends on the shape), and a stack of different η runs SGD at
  // lr = 1 on η·g (one rounding of η·g, then the subtraction, against torch's p − η·g). Measured over 1000 steps:
  // ≤ 4e-16 relative. RMSprop at a constant step does not converge: it keeps stepping ~η per coordinate, sign-like
  // where a gradient coordinate is small against √v, and amplifies a difference of one rounding (measured 7e-9
  // after 1000 steps at ε = 1e-8, 9e-3 at ε = 0, also between stacks of equal sizes, i.e. without padding): not a
  // stacking error, so RMSprop is pinned over its first 100 steps, before the amplification.
  const TOL = 1e-13;
  it.each([
    ['gd', (k: number) => ({ eta: 0.05 * (k + 1) })],
    ['heavyBall', (k: number) => ({ eta: 0.05 * (k + 1), momentum: 0.9 })],
    ['nesterov', (k: number) => ({ eta: 0.05 * (k + 1), momentum: 0.5 })],
    ['adagrad', () => ({ eta: 0.1, eps: 0, initialAccumulator: 0.1 })],
    ['rmsprop', () => ({ eta: 0.01, decay: 0.9, eps: 0 })],
    ['adam', () => ({ eta: 0.01, eps: 0 })],
  ] as const)('%s', async (role, hyper) => {
    const d = await manyAgainstOne(cmd, role, hyper, logistic, role === 'rmsprop' ? cps.filter((t) => t <= 100) : cps);
    console.log(`torch "runs" vs "run", ${role}: max relative difference ${d.toExponential(1)}`);
    expect(d).toBeLessThanOrEqual(TOL);
  }, 60_000);

  it('the closed-form gradient and autograd (--autograd) give the same runs to rounding', async () => {
    const [a, b] = await Promise.all([protocolImplementation(cmd), protocolImplementation(`${cmd} --autograd`)]);
    expect(b.name).toMatch(/autograd/);
    for (const loss of [logistic, exponential]) {
      const reqs = requests('gd', (k) => ({ eta: 0.05 * (k + 1) }), loss);
      // ℓ' written out vs differentiated: rounding, measured below
      const d = maxRelDiff(batchedRuns(a, reqs) as Float64Array[][], batchedRuns(b, reqs) as Float64Array[][]);
      console.log(`torch closed-form vs autograd, ${loss.name}: max relative difference ${d.toExponential(1)}`);
      expect(d).toBeLessThanOrEqual(1e-13);
    }
  }, 60_000);
});

/** A JS implementation with both hooks over the reference's steps; `many` may mangle the results of runBatchedMany. */
function jsBoth(many: (results: Float64Array[][]) => (Float64Array[] | Error | undefined)[] = (r) => r) {
  const calls = { one: 0, many: [] as number[] };
  const run = (role: OptimizerRole, hyper: Record<string, number>, p: ProblemSpec, start: Float64Array, checkpoints: readonly number[]) => {
    if (p.kind !== 'margin') return undefined;
    const base = marginObjective({ Z: p.Z, n: p.n, d: p.d }, p.loss === 'logistic' ? logistic : exponential, { mean: p.mean });
    const obj = p.l2 === undefined ? base : withWeightDecay(base, p.l2);
    const opt = reference.optimizers[role]!(hyper as never);
    const s = opt.init(start, obj);
    const ws: Float64Array[] = [];
    for (const c of checkpoints) {
      while (s.t < c) opt.update(s, obj);
      ws.push(Float64Array.from(s.w));
    }
    return ws;
  };
  const impl: Implementation = {
    name: 'js both',
    optimizers: { gd: reference.optimizers.gd },
    extensions: ['l2'],
    runBatched: (role, hyper, p, start, checkpoints) => (calls.one++, run(role, hyper as never, p, start, checkpoints)),
    runBatchedMany: (reqs) => (calls.many.push(reqs.length), many(reqs.map((r) => run(r.role, r.hyper as never, r.problem, r.w0, r.checkpoints)!))),
  };
  return { impl, calls };
}

describe('the section-A properties send their runs in one call (src/experiments/gd-prefetch.ts)', () => {
  const check = (impl: Implementation) => runCheck(normClaim.id, normClaim.check, { profile: 'smoke', seed: 7, subject: subjectOf(impl) });
  const strip = (o: Awaited<ReturnType<typeof check>>) => ({ verdict: o.verdict, message: o.message, figures: o.figures, trials: o.trials });

  it('the runs the property draws go in one call; verdict, message and figures are those of one run per call', async () => {
    const one = jsBoth();
    delete one.impl.runBatchedMany;
    const both = jsBoth();
    const [a, b] = [await check(one.impl), await check(both.impl)];
    expect(a.verdict).toBe('confirmed');
    expect(strip(b)).toEqual(strip(a));
    expect(both.calls.many).toEqual([3]); // the smoke profile's three datasets, in one call
    expect(both.calls.one).toBe(0); // every trial found its run memoized
    expect(one.calls.one).toBe(3);
  }, 60_000);

  it('the weight-decay control too (problems with "l2"): its runs in one call, the same violation as step by step', async () => {
    const control = (impl: Implementation) => runCheck(normClaim.id, normClaim.control!.check, { profile: 'smoke', seed: 7, subject: subjectOf(impl), control: true });
    const both = jsBoth();
    const steps: Implementation = { name: 'js both', optimizers: { gd: reference.optimizers.gd } };
    const [a, b] = [await control(steps), await control(both.impl)];
    expect(a.verdict).toBe('violated');
    expect(strip(b)).toEqual(strip(a));
    expect(both.calls.many).toEqual([3]);
    expect(both.calls.one).toBe(0);
  }, 60_000);

  it('the degenerate-data property too (gd-residual-bounded-as-written): its two runs in one call, the same outcome', async () => {
    const { claim } = await import('../../claims/gd-separable/gd-residual-bounded-as-written.claim.js');
    const run = (impl: Implementation) => runCheck(claim.id, claim.check, { profile: 'smoke', seed: 7, subject: subjectOf(impl) });
    const both = jsBoth();
    const one = jsBoth();
    delete one.impl.runBatchedMany;
    const [a, b] = [await run(one.impl), await run(both.impl)];
    expect(a.verdict).toBe('violated'); // the literal statement fails on degenerate data (expected)
    expect(strip(b)).toEqual(strip(a));
    expect(both.calls.many).toEqual([2]);
    // the first drawn input violates, so the property stops drawing (the second prefetched run goes unused) and
    // shrinks: its candidates run one by one, as without the prefetch; the first run came from the call
    expect(both.calls.one).toBe(one.calls.one - 1);
  }, 60_000);

  it('a run the batched call fails (an error, a short iterate) or declines is run alone by the property: same outcome', async () => {
    const clean = strip(await check(jsBoth().impl));
    const faulty = jsBoth((r) => [new Error('boom'), [r[1][0].subarray(1), ...r[1].slice(1)], undefined]);
    expect(strip(await check(faulty.impl))).toEqual(clean);
    expect(faulty.calls.one).toBe(3);
  }, 60_000);
});

describe('batchedRuns checks each run of the call as batchedRun checks one', () => {
  const reqs = requests('gd', () => ({})).slice(0, 2);
  it('a fault names its run only; a throw of the whole call is every run\'s fault; no hook → undefined', () => {
    const short = batchedRuns(jsBoth((r) => [r[0], r[1].map((w) => w.subarray(1))]).impl, reqs)!;
    expect(Array.isArray(short[0])).toBe(true);
    expect(String(short[1])).toMatch(/^ImplementationError: \[shape\] js both gd: the iterate at t = 1 is Float64Array\(\d\), expected Float64Array\(\d\)/);
    const nan = batchedRuns(jsBoth((r) => [r[0].map((w) => w.map(() => NaN)), r[1]]).impl, reqs)!;
    expect(String(nan[0])).toMatch(/\[non-finite\] js both gd: w\[0\] = NaN at step 1 \(batched run\)/);
    const thrown = batchedRuns({ ...jsBoth().impl, runBatchedMany: () => { throw new Error('down'); } }, reqs)!;
    expect(thrown.map(String)).toEqual(Array(2).fill('ImplementationError: [threw] js both: runBatchedMany threw: down'));
    const count = batchedRuns({ ...jsBoth().impl, runBatchedMany: () => [] }, reqs)!;
    expect(String(count[0])).toMatch(/\[shape\] js both: runBatchedMany returned 0 results for 2 runs/);
    const mutating = batchedRuns({ ...jsBoth().impl, runBatchedMany: (rs) => ((rs[0].w0 as Float64Array)[0] = 1, [undefined, undefined]) }, reqs)!;
    expect(String(mutating[0])).toMatch(/\[mutation\] js both gd: runBatched mutated its input w0/);
    expect(mutating[1]).toBeUndefined();
    expect(batchedRuns({ name: 'none', optimizers: { gd: reference.optimizers.gd } }, reqs)).toBeUndefined();
  });
});

describe.skipIf(!numpy)('"runs" in the protocol', () => {
  const child = (hello: object, reply: object) => {
    const p = join(mkdtempSync(join(tmpdir(), 'claims-runs-')), 'c.py');
    writeFileSync(p, `import json, sys\nfor line in sys.stdin:\n    r = json.loads(line)\n    sys.stdout.write(json.dumps(${JSON.stringify(hello)} if r["op"] == "hello" else ${JSON.stringify(reply)}) + "\\n"); sys.stdout.flush()\n`);
    return `python3 ${p}`;
  };
  const hello = { protocol: 'implicit-bias-claims/2', name: 'c', roles: ['gd'] };
  it('a hello whose "runs" is not a positive integer is refused; without "runs" there is no runBatchedMany', async () => {
    await expect(protocolImplementation(child({ ...hello, runs: 0 }, {}))).rejects.toThrow(/"runs" \(runs per message\) must be a positive integer, got 0/);
    expect((await protocolImplementation(child(hello, {}))).runBatchedMany).toBeUndefined();
  });
  it('runs beyond the hello\'s K go in further messages of at most K', async () => {
    // the child answers each run with w = (runs in its message, index in it), at every checkpoint
    const p = join(mkdtempSync(join(tmpdir(), 'claims-runs-')), 'k.py');
    writeFileSync(p, `import json, sys
for line in sys.stdin:
    r = json.loads(line)
    if r["op"] == "hello": o = {"protocol": "implicit-bias-claims/2", "name": "k", "roles": ["gd"], "runs": 2}
    else: o = {"results": [{"ws": [[len(r["runs"]), j] + [0] * (q["problem"]["d"] - 2) for _ in q["checkpoints"]]} for j, q in enumerate(r["runs"])]}
    sys.stdout.write(json.dumps(o) + "\\n"); sys.stdout.flush()
`);
    const impl = await protocolImplementation(`python3 ${p}`);
    const reqs = [...requests('gd', () => ({})), ...requests('gd', () => ({}))].slice(0, 5).map((r) => ({ ...r, checkpoints: [1, 2] }));
    const got = batchedRuns(impl, reqs)!.map((ws) => Array.from((ws as Float64Array[])[0].subarray(0, 2)));
    expect(got).toEqual([[2, 0], [2, 1], [2, 0], [2, 1], [1, 0]]);
  });
  it('a reply with the wrong number of results, or an error, is a named fault for every run of the message', async () => {
    const reqs = requests('gd', () => ({})).slice(0, 2);
    const wrong = batchedRuns(await protocolImplementation(child({ ...hello, runs: 8 }, { results: [{ ws: [] }] })), reqs)!;
    expect(wrong.map(String)).toEqual(Array(2).fill('ImplementationError: [protocol] c: the reply to "runs" has 1 results for 2 runs'));
    const err = batchedRuns(await protocolImplementation(child({ ...hello, runs: 8 }, { results: [{ error: 'no' }, { ws: [[1]] }] })), reqs)!;
    expect(String(err[0])).toBe('ImplementationError: [threw] c gd: the child reported an error in a batched run: no');
    expect(String(err[1])).toMatch(/\[shape\] c gd: runBatched returned 1 iterates for 8 checkpoints/);
  });
});

describe.skipIf(!numpy && !torch)('weight decay ("l2") through the Python examples, against the reference step by step', () => {
  const cases: [string, string, boolean][] = [
    ['numpy', 'python3 examples/python/optimizers.py', numpy],
    ['torch', '/usr/bin/python3 examples/python/torch_optimizers.py', torch],
  ];
  it.each(cases)('%s declares "l2" and its runs of F + (λ/2)‖w‖² agree with withWeightDecay to rounding', async (_k, command, available) => {
    if (!available) return;
    const impl = await protocolImplementation(command);
    expect(impl.extensions).toContain('l2');
    const ds = datasets[0];
    for (const loss of [logistic, exponential]) {
      const obj = withWeightDecay(marginObjective(ds, loss), 0.01);
      expect(obj.problem?.l2).toBe(0.01);
      const got = subjectOf(impl).run('gd', { eta: 0.05 }, obj, new Float64Array(ds.d), 2000).w;
      const ref = subjectOf(null).run('gd', { eta: 0.05 }, obj, new Float64Array(ds.d), 2000).w;
      // the child's own ℓ' and sums (numpy's logaddexp, torch's sigmoid and bmm) against ours: rounding, measured
      // ≤ 3e-16 relative after 2000 steps; weight decay makes GD contract to the regularized solution
      got.forEach((v, k) => expect(Math.abs(v - ref[k]), `${loss.name} w[${k}]`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref[k]))));
      const plain = subjectOf(null).run('gd', { eta: 0.05 }, marginObjective(ds, loss), new Float64Array(ds.d), 2000).w;
      expect(Math.abs(plain[0] - ref[0])).toBeGreaterThan(1e-3); // the decay changed the run
    }
  }, 60_000);
});

describe('a JavaScript module may export the batched hooks and its extensions (src/impl/select.ts)', () => {
  const module = (extra: string) => {
    const p = join(mkdtempSync(join(tmpdir(), 'claims-mod-')), 'm.mjs');
    writeFileSync(p, `export const optimizers = { gd: (h) => ({ name: 'gd', params: h, init: (w0) => ({ w: Float64Array.from(w0), t: 0 }), update: (s) => { s.t++; } }) };\n${extra}\n`);
    return p;
  };
  it('runBatched, runBatchedMany and extensions are taken; a malformed one is refused, named', async () => {
    const { loadImplementation } = await import('../../src/impl/select.js');
    const impl = (await loadImplementation(module(`export function runBatched() {}\nexport function runBatchedMany(r) { return r.map(() => undefined); }\nexport const extensions = ['l2', 'schedule'];`)))!;
    expect(impl.runBatched).toBeTypeOf('function');
    expect(impl.runBatchedMany).toBeTypeOf('function');
    expect(impl.extensions).toEqual(['l2', 'schedule']);
    await expect(loadImplementation(module(`export const runBatchedMany = 3;`))).rejects.toThrow(/`runBatchedMany` must be a function/);
    await expect(loadImplementation(module(`export const extensions = ['l1'];`))).rejects.toThrow(/`extensions` must list some of 'l2', 'schedule', 'projection', 'crossEntropy', got \["l1"\]/);
  });
});
