import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { BALANCE_TIME, balanceProperty, balanceTrial, SLOPE_TOL } from '../../src/experiments/balance.js';
import { seed002 } from '../../src/experiments/sources.js';

// Decision rule and tolerances: beside SLOPE_TOL in src/experiments/balance.ts.
export const claim = defineClaim({
  id: 'layers-stay-balanced',
  title: 'Gradient flow keeps layers balanced: W_{i+1}ᵀW_{i+1} − W_iW_iᵀ (per unit a_j² − ‖w_j‖² for ReLU) is constant',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'deep linear networks',
  source: seed002('Theorem (Ji-Telgarsky \'18), proof remarks: "never underestimate simply writing down the gradient"', 'Du–Hu–Lee \'18, Theorems 2.1 and 2.2 (balancedness under gradient flow)', ['duHuLee2018', 'jiTelgarsky2019DeepLinear']),
  statement: 'd/dt (W_{i+1}ᵀW_{i+1} − W_iW_iᵀ) = 0 for x ↦ W_L⋯W_1x; d/dt (a_j² − ‖w_j‖²) = 0 for f = m^{−1/2}Σ_j a_j σ(⟨w_j, x⟩), σ = ReLU',
  assumptions: [
    'any data (random points in the unit ball, random labels, n 3..12, d 2..5); mean logistic risk',
    'deep linear nets of depth 2..4 and widths 2..8, or two-layer ReLU nets with m 2..8 units, both layers trained; Gaussian init',
  ],
  measurement: `drift ‖Q(τ) − Q(0)‖_F/max(1, ‖θ(τ)‖²) of the conserved quantities after GD to time τ = ${BALANCE_TIME} with η = 0.2, 0.1, 0.05, 0.025; slope of log drift against log η`,
  expectation: `confirmed when the slope is ≥ ${1 - SLOPE_TOL} (drift ∝ η → 0: exact per-step algebra gives η²·(…) per step) or the drift is at rounding level; violated when the drift does not shrink with η`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => balanceProperty(ctx, balanceTrial('relu')),
  control: {
    description: 'a two-layer tanh net (not homogeneous: σ\'(r)·r ≠ σ(r)), whose per-unit a_j² − ‖w_j‖² drifts at a rate independent of η',
    check: (ctx: ClaimContext) => balanceProperty(ctx, balanceTrial('tanh'), ['relu'], 'tanh activation, GD at η = 0.2…0.025 to τ = 80'),
  },
});
