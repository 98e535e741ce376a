import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import { normGrowsLikeLogT, SLOPE_TOL } from '../../src/experiments/gd-trials.js';
import { soudryMainResults } from '../../src/experiments/sources.js';
import { gdOnData } from '../../src/impl/on-data.js';

// The decision rule and its tolerance are explained beside SLOPE_TOL in src/experiments/gd-trials.ts.
export const claim = defineClaim({
  id: 'gd-norm-diverges-like-log-t',
  title: 'GD on separable data: ‖w_t‖ diverges like ‖ŵ‖ log t',
  group: 'A. Gradient descent on separable data',
  topic: 'divergence of the norm',
  roles: ['gd'],
  source: soudryMainResults(),
  statement: '‖w_t‖ → ∞ and ‖w_t‖ / log t → ‖ŵ‖ (from w_t = ŵ log t + ρ(t), ρ bounded)',
  assumptions: [
    'data linearly separable through the origin (planted direction and margin, verified)',
    '‖x_i‖ ≤ 1, logistic loss (β = 1/4), risk as a sum',
    'fixed step η = 0.9 · 2/(β σ_max²(X)), below the bound of Theorem 3 (checked)',
    'w(0) = 0',
  ],
  measurement: 'slope of ‖w_t‖ against log t on the late half of the horizon (log scale), and monotone growth there',
  expectation: `confirmed when ‖w_t‖ grows at every late checkpoint and the slope is within ${100 * SLOPE_TOL}% of ‖ŵ‖ = 1/γ̄ (reasoning beside SLOPE_TOL)`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty(ctx, { trial: normGrowsLikeLogT }),
  onData: (ctx, ds) => gdOnData(ctx, ds, normGrowsLikeLogT),
  control: {
    description: 'GD with weight decay λ = 1e-3 (norm bounded by the regularized solution)',
    check: (ctx: ClaimContext) => gdProperty(ctx, { gd: () => ({ weightDecay: 1e-3 }), trial: normGrowsLikeLogT }),
  },
});
