import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { deepLinearProperty } from '../../src/experiments/deep-linear.js';
import { DEEP_LINEAR_RULE, STALLED_WHAT, rankOneTrial } from '../../src/experiments/deep-linear-trials.js';
import { limitRuleText } from '../../src/harness/rules.js';
import { seed002 } from '../../src/experiments/sources.js';

// Decision rule and tolerances: beside DEEP_LINEAR_RULE in src/experiments/deep-linear-trials.ts (the rule: src/harness/rules.ts).
export const claim = defineClaim({
  id: 'deep-linear-layers-rank-one',
  title: 'Deep linear network on separable data: the layers become rank one, ‖W_i‖_F/‖W_i‖_2 → 1',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'deep linear networks',
  source: seed002('What are their ranks? (Layers are asymptotically rank 1)', 'Theorem (Ji–Telgarsky \'18): W_i/‖W_i‖_F converges to a rank-one matrix', ['jiTelgarsky2019DeepLinear']),
  statement: '‖W_i‖_F / ‖W_i‖_2 → 1 for every layer (the last, a row vector, is rank one by shape)',
  assumptions: [
    'data separable through the origin (planted, verified), n 6..16, d 2..4, ‖x‖ ≤ 1',
    'depth L ∈ {2, 3}, hidden widths 2..5, Gaussian init N(0, s²/fan-in), s ∈ {0.5, 1}; mean logistic risk; gradient flow',
  ],
  measurement: 'rank deficit ‖W_i‖_F/‖W_i‖_2 − 1 (singular values by ml-matrix SVD) along the log-time flow to T = 1e30; its shrink factor over [√T, T] against the predicted 2^{−2/L}',
  expectation: limitRuleText(DEEP_LINEAR_RULE, { quantity: "every matrix layer's rank deficit ‖W_i‖_F/‖W_i‖_2 − 1", stalledWhat: STALLED_WHAT }),
  expected: 'confirmed',
  check: (ctx: ClaimContext) => deepLinearProperty(ctx, { trial: rankOneTrial, what: 'deep linear nets, logistic loss' }),
  control: {
    description: 'square loss on the same nets (GD): the weights converge to a finite least-squares point that keeps the init\'s extra rank',
    check: (ctx: ClaimContext) => deepLinearProperty(ctx, { run: { dynamics: 'gd', loss: { kind: 'square' } }, trial: rankOneTrial, what: 'deep linear nets, square loss' }),
  },
});
