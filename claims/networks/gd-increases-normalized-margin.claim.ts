import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { EXP_TOL, FLAT_EXP, marginProperty } from '../../src/experiments/smoothed-margin.js';
import { seed002 } from '../../src/experiments/sources.js';

// Why the drawdown and not the sum of decreases, and the tolerances: top of src/experiments/smoothed-margin.ts.
export const claim = defineClaim({
  id: 'gd-increases-normalized-margin',
  title: 'Late in training GD increases the normalized (smoothed) margin of a homogeneous ReLU network',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'margins and normalization',
  source: seed002('Margin plots: "GD improves normalized margins!" / NTK remarks (Lyu-Li \'19)', 'Lyu–Li (ICLR 2020) Theorem 4.1: under gradient flow, once L(θ(t₀)) < 1 the smoothed margin is non-decreasing', ['lyuLi2020']),
  statement: 'for f homogeneous of degree L = 2 in θ (bias-free two-layer ReLU, both layers trained) and L(θ) = Σ_k e^{−y_k f(x_k; θ)}: L(θ(t₀)) < 1 ⇒ γ̃(θ(t)) = log(1/L(θ(t)))/‖θ(t)‖² is non-decreasing for t ≥ t₀',
  assumptions: [
    'n 4..12 points in the unit ball of R^d (d 2..4), random labels; width m 8..24; Gaussian init',
    'the run reaches L < 1 (the theorem\'s precondition); runs that do not are skipped (fc.pre)',
    'gradient flow approximated by GD at three steps over the same time window (limits as η → 0 are what the flow does)',
  ],
  measurement: 'γ̃ after every GD step on [t₀, t₀ + window]; its drawdown (largest drop below the running maximum) at η = 0.01, 0.005, 0.0025 (and 0.00125, 0.000625 for a trial those three do not decide) and the exponent of the drawdown in η; the sum of single-step decreases is reported too',
  expectation: `confirmed when the drawdown is 0 or vanishes with η (exponent ≥ ${1 - EXP_TOL}); violated when it does not shrink (exponent ≤ ${FLAT_EXP}); inconclusive otherwise`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => marginProperty(ctx),
  control: {
    description: 'noisy GD (isotropic noise 0.05·√η per coordinate and step, a Langevin mutant): the noise makes γ̃ drop by amounts that do not vanish as η → 0',
    check: (ctx: ClaimContext) => marginProperty(ctx, 0.05),
  },
});
