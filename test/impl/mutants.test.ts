/**
 * The mutant catalogue and the power rule: every mutant is a real change of its role's update (it leaves the
 * reference's trajectory within a few hundred steps) that keeps the contract (no fault for the guard to report),
 * the rule of "caught" counts only violations and faults of the implementation, and `claims power` runs a mutant
 * through the real path and writes the table.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { guardedOptimizer } from '../../src/impl/guard.js';
import { MUTANTS } from '../../src/impl/mutants.js';
import { catches, falseAlarms, power, type FalseAlarms } from '../../src/impl/power.js';
import { subjectOf } from '../../src/impl/subject.js';
import { makeContext } from '../../src/harness/profile.js';
import { reference } from '../../src/impl/reference.js';
import { logistic } from '../../src/losses/loss.js';
import { marginObjective } from '../../src/optimizers/objectives.js';
import type { PowerAudit } from '../../src/report/audit.js';
import type { Fault } from '../../src/impl/faults.js';
import type { OutcomeError } from '../../src/harness/outcome-kinds.js';

const [ds] = fc.sample(separableDataset({ n: [6, 6], d: [3, 3] }), { seed: 4, numRuns: 1 });
const obj = marginObjective(ds, logistic);
const HYPER = { eta: 0.05, momentum: 0.9, batchSize: 2, seed: 1, p: 3 }; // p: mirror descent's potential (at p = 2 it is GD)

describe('the mutants', () => {
  it('there are at least 12, over at least 5 roles, each with its bug in words', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(MUTANTS.map((m) => m.role)).size).toBeGreaterThanOrEqual(5);
    for (const m of MUTANTS) expect(m.bug.length).toBeGreaterThan(20);
  });
  it.each(MUTANTS.map((m) => [m.key, m] as const))('%s changes its role\'s trajectory but keeps the contract (1000 guarded steps, no fault)', (_k, m) => {
    const mine = guardedOptimizer(m.optimizers[m.role]!, m.name, m.role, HYPER, [ds.Z]);
    const ref = reference.optimizers[m.role]!(HYPER);
    const a = mine.init(new Float64Array(3), obj);
    const b = ref.init(new Float64Array(3), obj);
    let maxDiff = 0;
    for (let t = 0; t < 1000; t++) {
      mine.update(a, obj);
      ref.update(b, obj);
      for (let k = 0; k < 3; k++) maxDiff = Math.max(maxDiff, Math.abs(a.w[k] - b.w[k]) / Math.max(1, Math.abs(b.w[k])));
    }
    mine.verifyInputs();
    // far above rounding (1e-12): the mutation is not a no-op on this problem (the float32 one moves by ~1e-8)
    expect(maxDiff).toBeGreaterThan(1e-9);
    // and the other roles are the reference's
    for (const r of Object.keys(m.optimizers)) if (r !== m.role) expect(m.optimizers[r as keyof typeof m.optimizers]).toBe(reference.optimizers[r as keyof typeof reference.optimizers]);
  });
});

describe('what counts as caught', () => {
  // by the typed field (src/harness/outcome-kinds.ts), whatever the message says
  const fault = (f: Fault): OutcomeError => ({ kind: 'implementation', fault: f, name: 'ImplementationError' });
  it.each([
    ['violated, expected confirmed', 'confirmed', 'violated', undefined, true],
    ['violated, expected violated (a claim checked as written)', 'violated', 'violated', undefined, false],
    ['a fault of the implementation', 'confirmed', 'error', fault('non-finite'), true],
    ['a process exit in the implementation', 'confirmed', 'error', fault('exited'), true],
    ['a timeout of the implementation (the budget or the machine, not a refutation)', 'confirmed', 'error', fault('timeout'), false],
    ['a module refused in the child (no fault named)', 'confirmed', 'error', { kind: 'implementation', name: 'ImplementationRefused' }, false],
    ['a numerical error of the harness (a NaN measurement)', 'confirmed', 'error', { kind: 'numerical', name: 'NaN' }, false],
    ['a solver that could not certify', 'confirmed', 'error', { kind: 'solver', name: 'SolverVerificationError' }, false],
    ['an error without a kind', 'confirmed', 'error', undefined, false],
    ['inconclusive', 'confirmed', 'inconclusive', undefined, false],
    ['confirmed', 'confirmed', 'confirmed', undefined, false],
  ] as const)('%s → %s', (_what, expected, verdict, error, caught) => {
    expect(catches({ expected }, { verdict, error })).toBe(caught);
  });
});

describe('claims about behaviour that see a mutant early', () => {
  it('the descent lemma, checked at t = 0 → 1, refutes the one-step-stale gradient (w_1 = w_0 while ∇L(w_0) ≠ 0)', async () => {
    const { claim } = await import('../../claims/gd-separable/gd-loss-decreases-gradients-summable.claim.js');
    const stale = MUTANTS.find((m) => m.key === 'gd-stale-gradient')!;
    const out = await claim.check(makeContext({ profile: 'smoke', seed: 20261123, noShrink: true, subject: subjectOf(stale) }));
    expect(out.verdict).toBe('violated');
    // no decrease at all (w_1 = w_0), against a required c‖∇L(w_0)‖² > 0.1
    const [, decrease, required] = out.message!.match(/the descent lemma fails at t=0: L\(w_t\) − L\(w_\{t\+1\}\) = (\S+) < c‖∇L\(w_t\)‖² = (\S+) /)!;
    expect(Math.abs(Number(decrease))).toBeLessThan(1e-12);
    expect(Number(required)).toBeGreaterThan(0.1);
  });
});

describe('claims false-alarms', () => {
  it('runs a correct implementation over the given seeds, stages false-alarms.json in a run folder and publishes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-false-alarms-'));
    const code = await falseAlarms({ profile: 'smoke', impls: ['builtin:reference'], seeds: [7, 8], filters: ['gd-loss-rate-inverse-t'], reports: dir, quiet: true });
    expect(code).toBe(0);
    const fa: FalseAlarms = JSON.parse(readFileSync(join(dir, 'false-alarms.json'), 'utf8'));
    expect(fa).toMatchObject({ profile: 'smoke', implementations: ['builtin:reference'], seeds: [7, 8], checks: 2, falseViolations: 0, alarms: [] });
    const [run] = readdirSync(join(dir, 'runs'));
    expect(JSON.parse(readFileSync(join(dir, 'runs', run, 'false-alarms.json'), 'utf8'))).toEqual(fa);
    expect(await falseAlarms({ profile: 'smoke', seeds: [7], filters: ['no-claim-has-this-id'], reports: dir, quiet: true })).toBe(2);
  }, 180_000);
});

describe('claims power', () => {
  it('runs a mutant against the claims of its role and writes the table to power.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-power-'));
    const before = process.env.CLAIMS_REPORTS_DIR;
    process.env.CLAIMS_REPORTS_DIR = dir;
    try {
      expect(await power({ profile: 'smoke', seed: 20261123, mutants: ['gd-decaying-step'], quiet: true })).toBe(0);
      const p: PowerAudit = JSON.parse(readFileSync(join(dir, 'power.json'), 'utf8'));
      expect(p.total).toBe(1);
      expect(p.mutants[0].name).toBe('gd-decaying-step');
      expect(p.mutants[0].caughtBy).toContain('gd-logistic-risk-bound');
      expect(p.mutants[0].applicable).toBeGreaterThanOrEqual(14);
      expect(p.caught).toBe(1);
      expect(p.mutants[0].caughtBy).toContain('gd-update-rule');
      expect(p.caughtByBehaviour).toBe(1); // the risk bound is a claim about behaviour
      // staged in a run folder of its own (src/cli/execute.ts), then published into the folder under its lock
      const [run] = readdirSync(join(dir, 'runs'));
      expect(JSON.parse(readFileSync(join(dir, 'runs', run, 'power.json'), 'utf8'))).toEqual(p);
    } finally {
      if (before === undefined) delete process.env.CLAIMS_REPORTS_DIR;
      else process.env.CLAIMS_REPORTS_DIR = before;
    }
  }, 180_000);
});
