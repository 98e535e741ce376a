/**
 * The roles that act on the examples or on log F (issue 10, docs/protocol.md): `init` carries the objective's
 * examples, `update` and `grad` answers carry logValue = log F and logGrad = ∇log F for normalized GD — finite
 * where F underflows (a margin of 1000 under the exponential loss) — and the numpy perceptron, AdaBoost and
 * normalized GD of examples/python/optimizers.py follow our reference through them. The recording child is plain
 * Python; the numpy parts are skipped without numpy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { closeProtocolImplementation, protocolImplementation } from '../../src/impl/protocol.js';
import { reference } from '../../src/impl/reference.js';
import { checkImplementation } from '../../src/index.js';
import { exponential, logistic } from '../../src/losses/loss.js';
import { leastSquaresObjective, marginObjective } from '../../src/optimizers/objectives.js';
import type { Objective } from '../../src/optimizers/types.js';
import type { Hyper } from '../../src/impl/interface.js';

const python = spawnSync('python3', ['--version']).status === 0;
const numpy = python && spawnSync('python3', ['-c', 'import numpy']).status === 0;
if (!numpy) console.warn(`protocol-roles tests with numpy skipped: ${python ? 'numpy is not installed' : 'python3 not found'}`);

const tmp = mkdtempSync(join(tmpdir(), 'claims-protocol-roles-'));

/** A child that appends every request to `log` and leaves w where it is; normalizedGd's first update asks for a gradient at 2·w. */
function recordingChild(log: string): string {
  const p = join(tmp, 'recorder.py');
  writeFileSync(
    p,
    `import json, sys
w, asked = {}, set()
log = open(${JSON.stringify(log)}, "a")
roles = {}
for line in sys.stdin:
    r = json.loads(line)
    log.write(line); log.flush()
    if r["op"] == "hello":
        out = {"protocol": "implicit-bias-claims/1", "name": "recorder", "roles": ["gd", "normalizedGd"]}
    elif r["op"] == "init":
        w[r["opt"]] = r["w0"]; roles[r["opt"]] = r["role"]; out = {"w": r["w0"]}
    elif r["op"] == "update" and roles[r["opt"]] == "normalizedGd" and r["opt"] not in asked:
        asked.add(r["opt"]); out = {"need": "grad", "at": [2 * x for x in w[r["opt"]]]}
    else:
        out = {"w": w[r["opt"]]}
    sys.stdout.write(json.dumps(out) + "\\n"); sys.stdout.flush()
`,
  );
  return `python3 ${p}`;
}

/** The requests the recording child saw, after one init and one update of `role` on `obj` from w0. */
async function exchange(role: 'gd' | 'normalizedGd', obj: Objective, w0: number[]): Promise<Record<string, any>[]> {
  const log = join(tmp, `${role}-${Math.random().toString(36).slice(2)}.jsonl`);
  const impl = await protocolImplementation(recordingChild(log));
  try {
    const opt = impl.optimizers[role]!({ eta: 1 });
    opt.update(opt.init(Float64Array.from(w0), obj), obj);
  } finally {
    closeProtocolImplementation(impl);
  }
  return readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

// two examples z = (1, 0), (1, 1) at margin 1000: F = 2e^{−1000} underflows to 0, log F = −1000 + log 2, and
// ∇log F = −(z_1 + z_2)/2 = (−1, −½) exactly (equal weights: both margins are 1000)
const Z = new Float64Array([1, 0, 1, 1]);
const far = marginObjective({ Z, n: 2, d: 2 }, exponential);

describe.skipIf(!python)('what the per-step messages carry', () => {
  it('init carries the examples (point-major Z) when the objective has them; none for least squares', async () => {
    const [, init] = await exchange('gd', far, [1000, 0]);
    expect(init).toMatchObject({ op: 'init', role: 'gd', dim: 2, n: 2, examples: { n: 2, d: 2, Z: [1, 0, 1, 1] } });
    const [, lsInit, lsUpdate] = await exchange('normalizedGd', leastSquaresObjective(new Float64Array([1, 0, 0, 1]), new Float64Array([1, 1])), [0, 0]);
    expect(lsInit.op).toBe('init');
    expect(lsInit.examples).toBeUndefined();
    expect(lsUpdate.logValue).toBeUndefined(); // no logValueAndGrad: only F and ∇F
  });

  it('normalizedGd\'s update and grad answers carry log F and ∇log F, finite where F and ∇F underflow to 0', async () => {
    const [, , update, grad] = await exchange('normalizedGd', far, [1000, 0]);
    expect(update).toMatchObject({ op: 'update', t: 0, value: 0, logValue: -1000 + Math.log(2), logGrad: [-1, -0.5] });
    expect(update.grad.every((x: number) => x === 0)).toBe(true); // what the child could not have divided by F
    // the look-ahead at 2w: margins 2000
    expect(grad).toMatchObject({ op: 'grad', value: 0, logValue: -2000 + Math.log(2), logGrad: [-1, -0.5] });
  });

  it('other roles get no log-domain keys (LOG_DOMAIN_ROLES: the extra pass would buy them nothing)', async () => {
    const [, , update] = await exchange('gd', far, [1000, 0]);
    expect(update.op).toBe('update');
    expect('logValue' in update || 'logGrad' in update).toBe(false);
  });
});

describe.skipIf(!numpy)('the numpy perceptron, AdaBoost and normalized GD (examples/python/optimizers.py)', () => {
  const [ds] = fc.sample(separableDataset({ n: [6, 6], d: [3, 3] }), { seed: 7, numRuns: 1 });
  /** max_k |a_k − b_k| over `steps` updates of the protocol role and the reference, from w0 */
  async function maxDiff(role: 'perceptron' | 'adaboost' | 'normalizedGd', hyper: Hyper, obj: Objective, w0: Float64Array, steps: number) {
    const impl = await protocolImplementation('python3 examples/python/optimizers.py');
    try {
      const a = impl.optimizers[role]!(hyper);
      const b = reference.optimizers[role]!(hyper);
      const [sa, sb] = [a.init(w0, obj), b.init(w0, obj)];
      let diff = 0;
      let moved = 0;
      for (let t = 0; t < steps; t++) {
        a.update(sa, obj);
        b.update(sb, obj);
        for (let k = 0; k < w0.length; k++) {
          expect(Number.isFinite(sa.w[k]), `${role} w[${k}] at step ${t}`).toBe(true);
          diff = Math.max(diff, Math.abs(sa.w[k] - sb.w[k]));
          moved = Math.max(moved, Math.abs(sa.w[k] - w0[k]));
        }
      }
      return { diff, moved };
    } finally {
      closeProtocolImplementation(impl);
    }
  }

  it('the perceptron reproduces the reference to the last bit (the margin summed in index order), and moves', async () => {
    const r = await maxDiff('perceptron', { eta: 0.5 }, marginObjective(ds, logistic), new Float64Array(3), 60);
    expect(r.diff).toBe(0);
    expect(r.moved).toBeGreaterThan(0);
  }, 30_000);

  it('normalized GD at margin 1000 (F underflows) steps on ∇log F like the reference, bit for bit, with and without a decay', async () => {
    for (const decayPower of [0, 0.25]) {
      const r = await maxDiff('normalizedGd', { eta: 0.5, decayPower }, far, new Float64Array([1000, 0]), 50);
      expect(r.diff).toBe(0); // the same doubles (∇log F is the harness's) times the same rate
      expect(r.moved).toBeGreaterThan(1); // it steps instead of stopping on ∇F = 0
    }
  }, 30_000);

  it('normalized GD as a whole run (version 2: the child\'s own log-domain gradient, Problem.log_value_and_grad) at margin 1000 follows the reference', async () => {
    const impl = await protocolImplementation('python3 examples/python/optimizers.py');
    try {
      for (const [loss, obj] of [[exponential, far], [logistic, marginObjective({ Z, n: 2, d: 2 }, logistic)]] as const) {
        const hyper = { eta: 0.5, decayPower: 0.25 };
        const ws = impl.runBatched!('normalizedGd', hyper, obj.problem!, new Float64Array([1000, 0]), [1, 10, 40])!;
        const ref = reference.optimizers.normalizedGd!(hyper);
        const s = ref.init(new Float64Array([1000, 0]), obj);
        for (let t = 1, c = 0; t <= 40; t++) {
          ref.update(s, obj);
          if (t !== [1, 10, 40][c]) continue;
          // numpy's exp/sum/matmul against our loops: up to a few ulps of each step; bounded by 40 steps × 4 ulps of
          // w (|w| ≈ 1000, ulp 1.1e-13), 1000× below a step (≥ ½·40^{−¼}·|∇log F| ≈ 0.1). Measured 0 (n = 2, d = 2)
          for (let k = 0; k < 2; k++) expect(Math.abs(ws[c][k] - s.w[k]), `${loss.name} w_${t}[${k}]`).toBeLessThanOrEqual(40 * 4 * 1.2e-13);
          c++;
        }
        expect(Math.abs(s.w[1])).toBeGreaterThan(1); // it moved: the second coordinate starts at 0
      }
    } finally {
      closeProtocolImplementation(impl);
    }
  }, 30_000);

  it('AdaBoost on a ±1 margin matrix follows the reference to rounding', async () => {
    const M = new Float64Array([1, -1, 1, 1, 1, -1, -1, 1, 1, 1, 1, 1, -1, -1, 1]); // 5 examples × 3 learners, no perfect learner
    const r = await maxDiff('adaboost', { eta: 1 }, marginObjective({ Z: M, n: 5, d: 3 }, exponential), new Float64Array(3), 30);
    // the edges Dᵀ M summed by numpy's matmul, not in index order: each α_t may differ by a few ulps (×1/(1 − γ²),
    // large only at a near-perfect edge, absent here). Measured 6.7e-16 (3 ulps of weights ≈ 2.8) after 30 rounds;
    // 1e-14 is 15× that, still far below the smallest step (α ≥ 0.1 here), so a wrong rule cannot pass
    expect(r.diff).toBeLessThan(1e-14);
    expect(r.moved).toBeGreaterThan(0.1);
  }, 30_000);

  it('without examples (least squares) the perceptron, and on outputs outside [−1, 1] AdaBoost, fail with a clear error', async () => {
    const impl = await protocolImplementation('python3 examples/python/optimizers.py');
    try {
      const ls = leastSquaresObjective(new Float64Array([1, 0, 0, 1]), new Float64Array([1, 1]));
      const p = impl.optimizers.perceptron!({ eta: 1 });
      expect(() => p.update(p.init(new Float64Array(2), ls), ls)).toThrow(/perceptron: the objective carries no examples/);
      const wide = marginObjective({ Z: new Float64Array([2, 0, 0, 1]), n: 2, d: 2 }, logistic); // 2: not a weak learner's ±1
      const a = impl.optimizers.adaboost!({ eta: 1 });
      expect(() => a.update(a.init(new Float64Array(2), wide), wide)).toThrow(/adaboost: weak-learner outputs must lie in \[−1, 1\]/);
    } finally {
      closeProtocolImplementation(impl);
    }
  }, 30_000);

  it('through `claims check`: the three roles\' update-rule claims confirmed, their controls violated', async () => {
    const claims = ['adaboost-update-rule', 'normalized-gd-update-rule', 'perceptron-update-rule'];
    const audit = await checkImplementation('examples/python/optimizers.py', { profile: 'smoke', seed: 20261123, filters: claims, out: mkdtempSync(join(tmpdir(), 'claims-roles-check-')), html: false, jobs: 1 });
    expect(audit.claims.map((c) => [c.id, c.verdict, c.control?.verdict])).toEqual(claims.map((id) => [id, 'confirmed', 'violated']));
  }, 120_000);
});
