import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { identityProperty } from '../../src/experiments/gradient-identity.js';
import { seed002 } from '../../src/experiments/sources.js';

// The float32 tolerance and its reasoning: identityTolerance in src/experiments/gradient-identity.ts.
export const claim = defineClaim({
  id: 'deep-linear-gradient-identity',
  title: 'Deep linear network: layer gradients are rank one and W_iᵀ∇_{W_i}R̂ = ∇_{W_{i−1}}R̂ W_{i−1}ᵀ',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'deep linear networks',
  source: seed002('Theorem (Ji-Telgarsky \'18), proof remarks: "never underestimate simply writing down the gradient"', 'the gradient formula and its consequences (Du et al. 2018; Arora et al. 2018; folklore)', ['jiTelgarsky2019DeepLinear', 'duHuLee2018', 'arora2018']),
  statement: '∂R̂/∂W_i = W_{i+1}ᵀ⋯W_Lᵀ ∇R̂(w_prod) W_1ᵀ⋯W_{i−1}ᵀ has rank ≤ 1, and W_iᵀ(∂R̂/∂W_i) = (∂R̂/∂W_{i−1})W_{i−1}ᵀ',
  assumptions: [
    'any deep linear net x ↦ W_L⋯W_1x (depth 2..4, widths 2..8, Gaussian init of scale 0.3, 1 or 3) and any data (n 2..32, d 2..6, random labels)',
    'mean logistic risk; gradients by TensorFlow.js autodiff in float32 (not the hand-written Float64 gradient, which the unit tests compare with it)',
  ],
  measurement: 'relative residual of the identity for every adjacent pair, and σ₂/σ₁ of every matrix-shaped layer gradient',
  expectation: 'confirmed when both stay below the float32 rounding tolerance 2(L·k + n)·2^{−24} (k the widest layer) on every generated net',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => identityProperty(ctx, false),
  control: {
    description: 'a ReLU between the layers (a ReLU net, not a deep linear one): the identity holds only on the diagonal (per-unit balance), and the gradients are not rank one',
    check: (ctx: ClaimContext) => identityProperty(ctx, true),
  },
});
