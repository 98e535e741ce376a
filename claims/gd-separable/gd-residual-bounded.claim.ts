import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import { RETRY_DECADE, retryRuleText } from '../../src/harness/rules.js';
import { residualConverges } from '../../src/experiments/gd-trials.js';
import { PAPERS, soudryMainResults } from '../../src/experiments/sources.js';

// The decision rule (the residual homes in on its predicted limit w̃) is explained beside residualConverges
// in src/experiments/gd-trials.ts.
export const claim = defineClaim({
  id: 'gd-residual-bounded',
  title: 'GD on separable data: w_t = ŵ log t + ρ(t) with ρ bounded (data in general position)',
  group: 'A. Gradient descent on separable data',
  topic: 'residual',
  roles: ['gd'],
  source: { ...soudryMainResults('Theorem 3; the limit w̃ of eq. (8)'), links: [PAPERS.soudry2018] },
  statement: 'w_t = ŵ log t + ρ(t) with ‖ρ(t)‖ bounded; for almost all data ρ(t) → w̃, η exp(−⟨z_s, w̃⟩) = α_s on the support vectors',
  assumptions: [
    'data linearly separable through the origin, ‖x_i‖ ≤ 1, in general position for the horizon (support vectors with α_i ≥ 5% of max α, other points ⟨ŵ, z⟩ ≥ 1 + δ(T), δ = 0.4 at T = 1e6; inputs outside are redrawn)',
    'logistic loss, risk as a sum; η = 0.9 · 2/(β σ_max²(X)) (checked); w(0) = 0',
  ],
  measurement: `distance of the residual's support-span part to the predicted limit w̃_S, and the movement of its off-span part, over [√T, T]; ${retryRuleText(RETRY_DECADE)} (seed 909 at the default profile: distance 0.0295 → 0.000213 but the off-span part still moving at 1e6; decided at 1e7)`,
  expectation: 'confirmed when the residual homes in on w̃_S (distance at T ≤ at √T, and the lowest since √T) and its off-span part settles',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty(ctx, { trial: residualConverges, retry: RETRY_DECADE }),
  control: {
    description: 'GD with weight decay λ = 1e-3: w_t converges to a finite point, so ρ(t) grows like −ŵ log t',
    check: (ctx: ClaimContext) => gdProperty(ctx, { gd: () => ({ weightDecay: 1e-3 }), trial: residualConverges }),
  },
});
