/**
 * Every role is exercised under `check`: each role of the interface has a reference factory, at least one claim
 * that takes its optimizer from the subject (lists it in `roles`), and mutants in the power run — so adding a role
 * without a claim or a mutant fails here rather than silently leaving it unchecked.
 */
import { describe, expect, it } from 'vitest';
import { loadClaims } from '../../src/cli/registry.js';
import { ROLES } from '../../src/impl/interface.js';
import { MUTANTS } from '../../src/impl/mutants.js';
import { reference } from '../../src/impl/reference.js';
import { UPDATE_RULE_TOPIC } from '../../src/experiments/update-rules.js';

describe('every role is exercised', async () => {
  const claims = await loadClaims();
  it.each(ROLES.map((r) => [r]))('%s: a reference factory, a claim that runs it through the subject, and a mutant', (role) => {
    expect(typeof reference.optimizers[role]).toBe('function');
    expect(claims.filter((c) => c.def.roles?.includes(role)).length).toBeGreaterThan(0);
    expect(MUTANTS.filter((m) => m.role === role).length).toBeGreaterThan(0);
  });
  it('the five classification roles each have an update-rule claim, a claim about behaviour and two mutants', () => {
    for (const role of ['perceptron', 'adaboost', 'coordinateDescent', 'signDescent', 'normalizedGd'] as const) {
      const mine = claims.filter((c) => c.def.roles?.includes(role));
      expect(mine.some((c) => c.def.topic === UPDATE_RULE_TOPIC), role).toBe(true);
      expect(mine.some((c) => c.def.topic !== UPDATE_RULE_TOPIC), role).toBe(true);
      expect(MUTANTS.filter((m) => m.role === role).length, role).toBeGreaterThanOrEqual(2);
    }
    expect(MUTANTS.length).toBeGreaterThanOrEqual(24);
  });
});
