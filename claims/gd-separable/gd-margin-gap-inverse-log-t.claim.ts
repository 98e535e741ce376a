import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import { RATE_RULE, timesLogTDoesNotGrow } from '../../src/experiments/gd-trials.js';
import { rateRuleText } from '../../src/harness/rules.js';
import { soudryMainResults } from '../../src/experiments/sources.js';
import { gdOnData } from '../../src/impl/on-data.js';

// The decision rule and its tolerance are explained beside RATE_GROWTH_TOL in src/harness/rules.ts.
const trial = timesLogTDoesNotGrow('marginGap', 'margin gap');

export const claim = defineClaim({
  id: 'gd-margin-gap-inverse-log-t',
  title: 'GD on separable data: the margin gap γ̄ − γ(w_t) is O(1/log t)',
  group: 'A. Gradient descent on separable data',
  topic: 'rates',
  roles: ['gd'],
  source: soudryMainResults('Theorem 3 (rate of the margin)'),
  statement: 'γ̄ − γ(w_t) = O(1/log t), γ(w) = min_i ⟨w, z_i⟩/‖w‖',
  assumptions: [
    'data linearly separable through the origin, ‖x_i‖ ≤ 1, in general position for the horizon (support vectors with α_i ≥ 5% of max α, other points ⟨ŵ, z⟩ ≥ 1 + δ(T), δ = 0.4 at T = 1e6; inputs outside are redrawn)',
    'logistic loss, risk as a sum; η = 0.9 · 2/(β σ_max²(X)) (checked); w(0) = 0',
  ],
  measurement: 'margin gap × log t at √T and at T (T the horizon)',
  expectation: rateRuleText(RATE_RULE, { scaled: '(γ̄ − γ(w_t))·log t' }),
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty(ctx, { trial }),
  onData: (ctx, ds) => gdOnData(ctx, ds, trial),
  control: {
    description: 'GD with weight decay λ = 1e-3: the margin gap tends to a positive constant, so it grows like log t',
    check: (ctx: ClaimContext) => gdProperty(ctx, { gd: () => ({ weightDecay: 1e-3 }), trial }),
  },
});
