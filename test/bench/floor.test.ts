/**
 * bench/floor.ts's step chains: the steps of the longest run a claim asks of the implementation, counted through a
 * subject over the reference's optimizers, weighted by a cost per step of the role.
 */
import { describe, expect, it } from 'vitest';
import { longestChains } from '../../bench/floor.js';
import { claim as gdRule } from '../../claims/update-rules/gd-update-rule.claim.js';
import { claim as gdRate } from '../../claims/gd-separable/gd-loss-rate-inverse-t.claim.js';
import { RULE_STEPS } from '../../src/experiments/update-rules.js';
import { GD_BUDGET } from '../../src/experiments/gd-claims.js';

describe('longestChains (bench/floor.ts)', () => {
  it('counts the update-rule claim’s runs: RULE_STEPS steps of gd, priced at the role’s cost', async () => {
    const [c] = await longestChains([{ def: gdRule }], ['gd'], { gd: 2e-6 }, 'smoke', 1);
    expect(c).toEqual({ id: 'gd-update-rule', role: 'gd', steps: RULE_STEPS, seconds: RULE_STEPS * 2e-6 });
  });

  it('finds a section-A claim’s longest run at the smoke horizon', async () => {
    const [c] = await longestChains([{ def: gdRate }], ['gd'], { gd: 1e-6 }, 'smoke', 1);
    expect(c.role).toBe('gd');
    expect(c.steps).toBe(GD_BUDGET.horizon.smoke);
  });

  it('counts nothing for a role the implementation does not provide (the reference runs it, not the loop)', async () => {
    const [c] = await longestChains([{ def: gdRule }], ['adam'], { adam: 1e-6 }, 'smoke', 1);
    expect(c.steps).toBe(0);
    expect(c.seconds).toBe(0);
  });
});
