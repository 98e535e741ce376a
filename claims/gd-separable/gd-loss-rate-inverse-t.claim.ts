import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import { LOSS_CONSTANT_TOL, lossTimesTSettles } from '../../src/experiments/gd-trials.js';
import { soudryMainResults } from '../../src/experiments/sources.js';
import { gdOnData } from '../../src/impl/on-data.js';

// The decision rule (η t L(w_t) → Σα_s = ‖ŵ‖²) and its tolerance are beside LOSS_CONSTANT_TOL in
// src/experiments/gd-trials.ts.
export const claim = defineClaim({
  id: 'gd-loss-rate-inverse-t',
  title: 'GD on separable data: the training loss decays like 1/t',
  group: 'A. Gradient descent on separable data',
  topic: 'rates',
  roles: ['gd'],
  source: soudryMainResults('Theorem 3 (L(w_t) = O(1/t)) and the limit w̃ of eq. (8)'),
  statement: 'L(w_t) = Θ(1/t); sharply, η t L(w_t) → Σ_s α_s = ‖ŵ‖²',
  assumptions: [
    'data linearly separable through the origin, ‖x_i‖ ≤ 1, in general position for the horizon (support vectors with α_i ≥ 5% of max α, other points ⟨ŵ, z⟩ ≥ 1 + δ(T); inputs outside are redrawn)',
    'logistic loss, risk as a sum; η = 0.9 · 2/(β σ_max²(X)) (checked); w(0) = 0',
  ],
  measurement: 'r(t) = η t L(w_t)/‖ŵ‖² at √T and T (L from log-sum-exp, so it survives underflow)',
  expectation: `confirmed when |r(T) − 1| ≤ ${LOSS_CONSTANT_TOL} and r moved towards 1 over [√T, T]`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty(ctx, { trial: lossTimesTSettles }),
  onData: (ctx, ds) => gdOnData(ctx, ds, lossTimesTSettles),
  control: {
    description: 'GD with weight decay λ = 1e-3: the loss stops at a positive value',
    check: (ctx: ClaimContext) => gdProperty(ctx, { gd: () => ({ weightDecay: 1e-3 }), trial: lossTimesTSettles }),
  },
});
