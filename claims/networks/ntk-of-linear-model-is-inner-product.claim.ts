import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { linearNtkProperty } from '../../src/experiments/ntk-linear.js';
import { seed002 } from '../../src/experiments/sources.js';

// Tolerance and its reasoning: linearNtkTolerance in src/experiments/ntk-linear.ts.
export const claim = defineClaim({
  id: 'ntk-of-linear-model-is-inner-product',
  title: 'The tangent kernel of a linear model f(x; w) = wᵀx is xᵀx′, at every w',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'neural tangent kernel',
  source: seed002('The initial kernel ("Sanity check")', 'tangent kernel of a linear model', ['jacot2018']),
  statement: '∇_w f(x; w)ᵀ∇_w f(x′; w) = xᵀx′ for f(x; w) = wᵀx',
  assumptions: ['any points x ∈ R^d (n 1..12, d 1..16, Gaussian) and any w (scale 0, 0.1, 1, 10)', 'gradients by TensorFlow.js autodiff (float32)'],
  measurement: 'max over pairs of |K(x, x′) − xᵀx′| / (‖x‖‖x′‖), K from the autodiff gradients',
  expectation: 'confirmed when it stays below the float32 rounding tolerance 4d·2^{−24} on every generated input',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => linearNtkProperty(ctx, 'linear'),
  control: {
    description: 'a model not linear in its parameters, f(x; w) = (wᵀx)²/2: its tangent kernel (wᵀx)(wᵀx′)xᵀx′ depends on w',
    check: (ctx: ClaimContext) => linearNtkProperty(ctx, 'squared'),
  },
});
