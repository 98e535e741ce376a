import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import { RATE_RULE, timesLogTDoesNotGrow } from '../../src/experiments/gd-trials.js';
import { rateRuleText } from '../../src/harness/rules.js';
import { soudryMainResults } from '../../src/experiments/sources.js';
import { gdOnData } from '../../src/impl/on-data.js';

// The decision rule and its tolerance are explained beside RATE_GROWTH_TOL in src/harness/rules.ts.
const trial = timesLogTDoesNotGrow('angleGap', 'angle gap');

export const claim = defineClaim({
  id: 'gd-direction-rate-inverse-log-t',
  title: 'GD on separable data: the angle gap to ū is O(1/log t)',
  group: 'A. Gradient descent on separable data',
  topic: 'rates',
  roles: ['gd'],
  source: soudryMainResults('Theorem 3 (rate of the direction)'),
  statement: '‖w_t/‖w_t‖ − ŵ/‖ŵ‖‖ = O(1/log t) for almost all datasets (O(log log t / log t) for all; the slide writes Õ(1/log t))',
  assumptions: [
    'data linearly separable through the origin, ‖x_i‖ ≤ 1, in general position for the horizon (support vectors with α_i ≥ 5% of max α, other points ⟨ŵ, z⟩ ≥ 1 + δ(T), δ = 0.4 at T = 1e6; inputs outside are redrawn)',
    'logistic loss, risk as a sum; η = 0.9 · 2/(β σ_max²(X)) (checked); w(0) = 0',
  ],
  measurement: 'angle gap × log t at √T and at T (T the horizon)',
  expectation: rateRuleText(RATE_RULE, { scaled: 'gap·log t' }),
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty(ctx, { trial }),
  onData: (ctx, ds) => gdOnData(ctx, ds, trial),
  control: {
    description: 'GD with weight decay λ = 1e-3: the gap tends to a positive constant, so gap·log t grows like log t',
    check: (ctx: ClaimContext) => gdProperty(ctx, { gd: () => ({ weightDecay: 1e-3 }), trial }),
  },
});
