import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { deepLinearProperty } from '../../src/experiments/deep-linear.js';
import { allLayersDivergeTrial, GROWTH_FRACTION } from '../../src/experiments/deep-linear-trials.js';
import { seed002 } from '../../src/experiments/sources.js';

// Decision rule and tolerances: beside GROWTH_FRACTION in src/experiments/deep-linear-trials.ts.
export const claim = defineClaim({
  id: 'deep-linear-all-layers-diverge',
  title: 'Deep linear network on separable data: every layer norm ‖W_i‖ diverges, all together',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'deep linear networks',
  source: seed002('What do individual weight matrices do?', 'Theorem (Ji–Telgarsky \'18): ‖W_i‖ → ∞ for all layers simultaneously', ['jiTelgarsky2019DeepLinear']),
  statement: 'for x ↦ W_L⋯W_1 x, logistic loss, separable data, gradient flow: ‖W_i‖_F → ∞ for every i, and ‖W_{i+1}‖_F² − ‖W_i‖_F² stays constant',
  assumptions: [
    'data separable through the origin (planted, verified), n 6..16, d 2..4, ‖x‖ ≤ 1',
    'depth L ∈ {2, 3}, hidden widths 2..5, Gaussian init N(0, s²/fan-in), s ∈ {0.5, 1}; mean logistic risk',
    'the late window starts after R̂ < log 2 (the theorem\'s "initially not saddle")',
  ],
  measurement: '‖W_i‖_F at 4 checkpoints per decade of the log-time flow (DOPRI5, rtol 1e-9) to T = 1e30; growth factor over [√T, T] against the predicted 2^{1/L} (‖W_i‖^L ∝ log t)',
  expectation: `confirmed when every layer norm grows at every late checkpoint and by ≥ 1 + ${GROWTH_FRACTION}·(2^{1/L} − 1) over [√T, T]; violated when the parameters stop at a finite point; inconclusive otherwise`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => deepLinearProperty(ctx, { trial: allLayersDivergeTrial, what: 'deep linear nets, logistic loss' }),
  control: {
    description: 'GD with weight decay λ = 1e-2: the layers converge to the regularized stationary point, whose norms are finite',
    check: (ctx: ClaimContext) => deepLinearProperty(ctx, { run: { dynamics: 'gd', weightDecay: 1e-2 }, trial: allLayersDivergeTrial, what: 'deep linear nets, logistic loss + weight decay 1e-2' }),
  },
});
