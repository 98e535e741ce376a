/**
 * Mutant power through the protocol (`claims power --impl-mutants`, src/impl/protocol-mutants.ts): the numpy mutants
 * of examples/python/mutants.py mirror src/impl/mutants.ts, each changes its role's trajectory through the protocol
 * without a fault, `power` catches them with the claims of their role — and the correct numpy example
 * (examples/python/optimizers.py) is not caught by the same claims at the same seed, so the catch is the bug's.
 * A mutant program that cannot be listed is a usage error (exit 2), never a crash. Skipped without numpy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/options.js';
import { separableDataset } from '../../src/data/separable.js';
import { guardedOptimizer } from '../../src/impl/guard.js';
import { MUTANTS } from '../../src/impl/mutants.js';
import { catches, power } from '../../src/impl/power.js';
import { closeProtocolImplementation, protocolImplementation } from '../../src/impl/protocol.js';
import { listProtocolMutants, MutantListError, mutantCommand } from '../../src/impl/protocol-mutants.js';
import { reference } from '../../src/impl/reference.js';
import { checkImplementation } from '../../src/index.js';
import { exponential, logistic } from '../../src/losses/loss.js';
import { marginObjective } from '../../src/optimizers/objectives.js';
import type { PowerAudit } from '../../src/report/audit.js';

const numpy = spawnSync('python3', ['-c', 'import numpy']).status === 0;
if (!numpy) console.warn('python mutant tests skipped: python3 with numpy not found');
const FILE = 'examples/python/mutants.py';

describe('--impl-mutants on the command line', () => {
  it('is an option of power only', () => {
    expect(parseArgs(['power', '--impl-mutants', FILE, 'gd-sign-slip']).implMutants).toBe(FILE);
    expect(() => parseArgs(['check', '--impl-mutants', FILE])).toThrow(UsageError);
    expect(mutantCommand('cmd: my-mutants --fast', 'python3')).toBe('my-mutants --fast');
    expect(mutantCommand('m.py', '/usr/bin/python3', '/p')).toBe('/usr/bin/python3 "/p/m.py"');
    expect(() => mutantCommand('m.js', 'python3')).toThrow(MutantListError);
  });
});

describe('a mutant program that cannot be listed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claims-pymutants-'));
  const script = (name: string, body: string) => (writeFileSync(join(dir, name), body), `cmd:sh ${join(dir, name)}`);
  it.each([
    ['exits non-zero', script('fails.sh', 'echo oops >&2; exit 3'), /exit 3.*oops/],
    ['prints no JSON', script('text.sh', 'echo hello'), /no JSON array/],
    ['lists an unknown role', script('role.sh', `echo '[{"name":"a","role":"lbfgs","bug":"b"}]'`), /unknown role "lbfgs"/],
    ['lists a name the shell would read', script('name.sh', `echo '[{"name":"a; rm x","role":"gd","bug":"b"}]'`), /the name must match/],
    ['lists a name twice', script('twice.sh', `echo '[{"name":"a","role":"gd","bug":"b"},{"name":"a","role":"gd","bug":"b"}]'`), /listed twice/],
  ])('%s: a clear error, and power exits 2', async (_what, spec, message) => {
    expect(() => listProtocolMutants(spec, 'python3')).toThrow(message);
    expect(await power({ profile: 'smoke', implMutants: spec, reports: dir, quiet: true })).toBe(2);
  });
});

describe.skipIf(!numpy)('the numpy mutants (examples/python/mutants.py)', () => {
  const listed = numpy ? listProtocolMutants(FILE, 'python3') : [];

  it('are at least 10 over at least 6 roles, each a mutant of src/impl/mutants.ts (same name and role) with its bug in words', () => {
    expect(listed.length).toBeGreaterThanOrEqual(10);
    expect(new Set(listed.map((m) => m.role)).size).toBeGreaterThanOrEqual(6);
    // those of the roles that act on the examples (init's "examples") or on ∇log F (update's "logGrad")
    const onExamples = ['perceptron-strict-mistake', 'perceptron-subtracts', 'adaboost-inverted-step', 'adaboost-no-half', 'normalized-gd-gradient-norm'];
    expect(listed.map((m) => m.key)).toEqual(expect.arrayContaining(onExamples));
    for (const m of listed) {
      expect(MUTANTS.find((j) => j.key === m.key)?.role, m.key).toBe(m.role);
      expect(m.bug.length).toBeGreaterThan(20);
      expect(m.impl).toMatch(new RegExp(`^cmd:python3 ".*mutants\\.py" ${m.key}$`));
    }
  });

  // per step (version 1), against the reference: the mutation is real and the guard reports no fault
  const [ds] = fc.sample(separableDataset({ n: [6, 6], d: [3, 3] }), { seed: 4, numRuns: 1 });
  const obj = marginObjective(ds, logistic);
  const HYPER = { eta: 0.05, momentum: 0.9, p: 3 };
  // AdaBoost reads a margin matrix in [−1, 1]: 5 examples × 3 weak learners, none perfect
  const M = new Float64Array([1, -1, 1, 1, 1, -1, -1, 1, 1, 1, 1, 1, -1, -1, 1]);
  const boost = marginObjective({ Z: M, n: 5, d: 3 }, exponential);
  it.each(listed.map((m) => [m.key, m] as const))('%s leaves the reference\'s trajectory within 300 steps, without a fault', async (_k, m) => {
    const impl = await protocolImplementation(m.impl.slice('cmd:'.length));
    try {
      expect(Object.keys(impl.optimizers)).toEqual([m.role]);
      const [o, data] = m.role === 'adaboost' ? [boost, M] : [obj, ds.Z];
      const mine = guardedOptimizer(impl.optimizers[m.role]!, impl.name, m.role, HYPER, [data]);
      const ref = reference.optimizers[m.role]!(HYPER);
      const [a, b] = [mine.init(new Float64Array(3), o), ref.init(new Float64Array(3), o)];
      let maxDiff = 0;
      for (let t = 0; t < 300; t++) {
        mine.update(a, o);
        ref.update(b, o);
        for (let k = 0; k < 3; k++) maxDiff = Math.max(maxDiff, Math.abs(a.w[k] - b.w[k]) / Math.max(1, Math.abs(b.w[k])));
      }
      mine.verifyInputs();
      // far above rounding (1e-12); the float32 iterate moves by ~1e-8
      expect(maxDiff).toBeGreaterThan(1e-9);
    } finally {
      closeProtocolImplementation(impl);
    }
  });

  it('are caught through the protocol by a claim of their role; the correct numpy example is not, on the same claims and seed', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'claims-pypower-'));
    // weight decay (a claim about behaviour, whole runs: version 2's "runs"), β₁/β₂ swapped (the update rule, per step),
    // the perceptron's update subtracting (per step, on the examples that init sends)
    const claims = ['gd-norm-diverges-like-log-t', 'adam-update-rule', 'perceptron-update-rule'];
    const code = await power({ profile: 'smoke', seed: 20261123, implMutants: FILE, mutants: ['gd-hidden-weight-decay', 'adam-betas-swapped', 'perceptron-subtracts'], claims, reports, quiet: true, html: false, jobs: 1 });
    expect(code).toBe(0);
    const p: PowerAudit = JSON.parse(readFileSync(join(reports, 'power.json'), 'utf8'));
    expect(p).toMatchObject({ caught: 3, total: 3, caughtByBehaviour: 1, mutantsFrom: FILE });
    expect(Object.fromEntries(p.mutants.map((m) => [m.name, m.caughtBy]))).toEqual({ 'gd-hidden-weight-decay': ['gd-norm-diverges-like-log-t'], 'adam-betas-swapped': ['adam-update-rule'], 'perceptron-subtracts': ['perceptron-update-rule'] });
    // the false-alarm side: the correct gd, adam and perceptron in numpy, through the same protocol path
    const audit = await checkImplementation('examples/python/optimizers.py', { profile: 'smoke', seed: 20261123, filters: claims, out: mkdtempSync(join(tmpdir(), 'claims-pycorrect-')), html: false, jobs: 1 });
    expect(audit.claims.map((c) => c.id).sort()).toEqual([...claims].sort());
    for (const c of audit.claims) {
      expect(catches(c, c), `${c.id}: ${c.verdict} ${c.message}`).toBe(false);
      expect(c.verdict).toBe('confirmed');
    }
  }, 300_000);
});
