import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { deepLinearProperty } from '../../src/experiments/deep-linear.js';
import { DEEP_LINEAR_RULE, STALLED_WHAT, alignTrial } from '../../src/experiments/deep-linear-trials.js';
import { limitRuleText } from '../../src/harness/rules.js';
import { seed002 } from '../../src/experiments/sources.js';

// Decision rule and tolerances: beside DEEP_LINEAR_RULE in src/experiments/deep-linear-trials.ts (the rule: src/harness/rules.ts).
export const claim = defineClaim({
  id: 'deep-linear-layers-align',
  title: 'Deep linear network on separable data: adjacent layers align, |⟨v_{i+1}, u_i⟩| → 1',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'deep linear networks',
  source: seed002('Are they "wasting norm" layer-to-layer? The layers are aligned.', 'Theorem (Ji–Telgarsky \'18): alignment of adjacent layers', ['jiTelgarsky2019DeepLinear']),
  statement: '|⟨v_{i+1}, u_i⟩| → 1, u_i the top left singular vector of W_i and v_{i+1} the top right singular vector of W_{i+1}',
  assumptions: [
    'data separable through the origin (planted, verified), n 6..16, d 2..4, ‖x‖ ≤ 1',
    'depth L ∈ {2, 3}, hidden widths 2..5, Gaussian init N(0, s²/fan-in), s ∈ {0.5, 1}; mean logistic risk; gradient flow',
  ],
  measurement: 'alignment deficit 1 − |⟨v_{i+1}, u_i⟩| of every adjacent pair along the log-time flow to T = 1e30; its shrink factor over [√T, T] against the predicted 2^{−4/L}',
  expectation: limitRuleText(DEEP_LINEAR_RULE, { quantity: "every adjacent pair's alignment deficit 1 − |⟨v_{i+1}, u_i⟩|", stalledWhat: STALLED_WHAT }),
  expected: 'confirmed',
  check: (ctx: ClaimContext) => deepLinearProperty(ctx, { trial: alignTrial, what: 'deep linear nets, logistic loss' }),
  control: {
    description: 'square loss on the same nets (GD): the weights stop at a finite point, where nothing forces the layers to align',
    check: (ctx: ClaimContext) => deepLinearProperty(ctx, { run: { dynamics: 'gd', loss: { kind: 'square' } }, trial: alignTrial, what: 'deep linear nets, square loss' }),
  },
});
