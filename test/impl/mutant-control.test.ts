/**
 * mutantControl derives a control that runs a mutant: `runs: 'mutant'`, the description naming the mutant and its
 * bug, the check given the mutant as its subject. Eight claims ran a mutant with a hand-written control that did not
 * say so (under `check` a flipped control would have been blamed on the user's implementation): the catalogue test
 * below fails if a control names a mutant and does not declare it.
 */
import { describe, expect, it } from 'vitest';
import { makeContext } from '../../src/harness/profile.js';
import type { Outcome } from '../../src/harness/types.js';
import { loadClaims } from '../../src/cli/registry.js';
import { mutantControl } from '../../src/impl/mutant-control.js';
import { MUTANTS } from '../../src/impl/mutants.js';

const done: Outcome = { verdict: 'violated', message: '', figures: {}, seed: 1, trials: 1, durationMs: 0 };

describe('mutantControl', () => {
  it('declares runs: mutant, names the mutant and its bug, and runs the check with the mutant as subject', async () => {
    const m = MUTANTS.find((x) => x.key === 'adam-no-bias-correction')!;
    let seen = '';
    const c = mutantControl(m.key, (ctx) => ((seen = ctx.subject.implementation?.name ?? 'reference'), done), 'a consequence');
    expect(c.runs).toBe('mutant');
    expect(c.description).toBe(`the mutant ${m.key}: ${m.bug} — a consequence`);
    expect(await c.check(makeContext({ profile: 'smoke', seed: 1 }))).toBe(done);
    expect(seen).toBe(m.name);
  });
  it('refuses a key that names no mutant, listing the keys', () => {
    expect(() => mutantControl('no-such-mutant', () => done)).toThrow(/no mutant "no-such-mutant" in src\/impl\/mutants\.ts \(gd-/);
  });
  it('every control of the catalogue that runs a mutant declares it', async () => {
    const named = (await loadClaims()).filter(({ def }) => MUTANTS.some((m) => def.control.description.includes(m.key)));
    expect(named.length).toBeGreaterThanOrEqual(15);
    for (const { def } of named) expect(def.control.runs, def.id).toBe('mutant');
  });
});
