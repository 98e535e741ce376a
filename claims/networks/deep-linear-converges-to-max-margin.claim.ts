import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { deepLinearProperty, GENERAL_POSITION_GAP } from '../../src/experiments/deep-linear.js';
import { DEEP_LINEAR_RULE, STALLED_WHAT, directionThreshold, maxMarginTrial } from '../../src/experiments/deep-linear-trials.js';
import { seed002 } from '../../src/experiments/sources.js';
import { RETRY_SQUARE, retryRuleText } from '../../src/harness/rules.js';

// Decision rule and tolerances: beside directionThreshold and DEEP_LINEAR_RULE in src/experiments/deep-linear-trials.ts
// (the rule: src/harness/rules.ts); the general-position
// precondition beside GENERAL_POSITION_GAP in src/experiments/deep-linear.ts.
export const claim = defineClaim({
  id: 'deep-linear-converges-to-max-margin',
  title: 'Deep linear network on separable data: the product W_L⋯W_1 converges in direction to the max-margin ū',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'deep linear networks',
  source: seed002('Margin maximization / Theorem (Ji-Telgarsky \'18)', 'Theorem (Ji–Telgarsky \'18): normalized iterates converge to the max-margin layers', ['jiTelgarsky2019DeepLinear']),
  statement: 'W_L⋯W_1 / ‖W_L⋯W_1‖ → ū = ŵ/‖ŵ‖ (the l2 max-margin direction of the data)',
  assumptions: [
    'data separable through the origin (planted, verified), n 6..16, d 2..4, ‖x‖ ≤ 1',
    `data in general position (every support vector with α ≥ 5% of max α, non-support points with ⟨ŵ, z⟩ ≥ 1 + ${GENERAL_POSITION_GAP}); others skipped (fc.pre)`,
    'depth L ∈ {2, 3}, hidden widths 2..5, Gaussian init N(0, s²/fan-in), s ∈ {0.5, 1}; mean logistic risk; gradient flow',
  ],
  measurement: `angle gap ‖w/‖w‖ − ū‖ of the product (ū from the verified hard-margin SVM) along the log-time flow to T = 1e30 (default profile); ${retryRuleText(RETRY_SQUARE)}`,
  expectation: `confirmed when the gap ends below 2^{−1/(2L)} × its value at √T (${directionThreshold(2).toFixed(3)} for L = 2, ${directionThreshold(3).toFixed(3)} for L = 3: half the decay of the predicted (log t)^{−1/L}, factor 2^{−1/L}; c/log t gives ½), or is at the flow's resolution (≤ ${DEEP_LINEAR_RULE.resolution}); violated when the parameters stop at a finite point (${STALLED_WHAT}) away from ū; inconclusive otherwise (src/harness/rules.ts judgeLimit)`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => deepLinearProperty(ctx, { trial: maxMarginTrial, what: 'deep linear nets, logistic loss', generalPosition: true, retry: RETRY_SQUARE }),
  control: {
    description: 'square loss on the same nets (GD): the product converges to a finite least-squares predictor, not to ū',
    check: (ctx: ClaimContext) => deepLinearProperty(ctx, { run: { dynamics: 'gd', loss: { kind: 'square' } }, trial: maxMarginTrial, what: 'deep linear nets, square loss', generalPosition: true }),
  },
});
