import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { lipschitzProperty } from '../../src/experiments/lipschitz.js';
import { seed002 } from '../../src/experiments/sources.js';

// float32 tolerance and its reasoning: lipschitzTolerance in src/experiments/lipschitz.ts.
export const claim = defineClaim({
  id: 'lipschitz-at-most-spectral-product',
  title: 'The Lipschitz constant of a ReLU network is at most Π_i ρ_i‖W_i‖_2',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'margins and normalization',
  source: seed002('What about a generalization bound? (Theorem, Bartlett-Foster-Telgarsky 2017), remarks', 'Π_i ρ_i‖W_i‖ bounds the Lipschitz constant (ρ_i-Lipschitz σ_i, σ_i(0) = 0)', ['bartlettFosterTelgarsky2017']),
  statement: '|f(x) − f(x′)| ≤ Π_i ρ_i‖W_i‖_2 · ‖x − x′‖ for f(x) = W_L σ(W_{L−1}⋯σ(W_1x)), σ = ReLU (ρ_i = 1)',
  assumptions: [
    'bias-free ReLU nets of depth 2..4, widths 1..12, inputs in R^d (d 2..8)',
    'Gaussian layers, or aligned nonnegative rank-one layers on which the bound is attained (so the check is sharp)',
  ],
  measurement: 'max of ‖∇_x f(x)‖ (tfjs autodiff) over 512 inputs and of 256 difference quotients, divided by Π‖W_i‖_2 (ml-matrix SVD)',
  expectation: 'confirmed when the ratio never exceeds 1 + 4(L·k + 8)·2^{−24} (float32 rounding)',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => lipschitzProperty(ctx, 1),
  control: {
    description: 'the activation σ(r) = 2·max(r, 0) (ρ = 2) checked against the bound with ρ = 1: on aligned nets the constant is 2^{L−1}Π‖W_i‖_2',
    check: (ctx: ClaimContext) => lipschitzProperty(ctx, 2),
  },
});
