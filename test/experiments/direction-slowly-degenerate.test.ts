/**
 * gd-direction-converges-slowly's negative control (symmetric data) must come out violated, never "error": at the
 * default profile, seed 404 drew symmetric data whose SVM has a support vector with α = 0, where the predicted floor
 * c_S is not defined (residualLimitOnSupport refuses); the trial now takes c_S = 0 there and the exact direction
 * decides (fresh-seed run of the whole catalogue, issue 14).
 */
import { describe, expect, it } from 'vitest';
import { claim } from '../../claims/gd-separable/gd-direction-converges-slowly.claim.js';
import { runCheck } from '../../src/harness/run.js';

describe('gd-direction-converges-slowly on degenerate symmetric data', () => {
  it('the control at seed 404 (default profile) is violated with the exact direction, not an error', async () => {
    const c = await runCheck(claim.id, claim.control.check, { profile: 'default', seed: 404, control: true });
    expect(c.verdict, c.message).toBe('violated');
    expect(c.message).toMatch(/the direction is exact/);
  }, 120_000);
});
