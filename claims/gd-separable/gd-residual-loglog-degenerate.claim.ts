import { ClaimViolation, Inconclusive } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext, TrialResult } from '../../src/harness/types.js';
import { degenerateProperty, figuresOf, lawTolerance, residualPlot, type DegenerateResidual } from '../../src/experiments/degenerate-residual.js';
import type { DegenerateDataset } from '../../src/data/degenerate.js';
import { soudryDegenerate } from '../../src/experiments/sources.js';

/** A residual that moves by less than this from t = 1e6 to 1e30 on the flow is bounded (a converged ρ). */
const BOUNDED_MOVE = 0.01;

/**
 * Confirmed when the flow follows the law e^{cρ_v} = κ log t + K (src/experiments/degenerate-residual.ts) to
 * within its predicted correction: ρ_v = (1/c) log(κ log t + K) is unbounded and O(log log t). Violated when
 * ρ does not grow at all (then "not bounded in general" fails on this data). Anything else is inconclusive.
 */
function residualGrowsLikeLogLogT(m: DegenerateResidual, ds: DegenerateDataset): TrialResult {
  const figures = figuresOf(m);
  const plot = residualPlot(m, ds.degenerate.c);
  const dev = Math.abs(m.flowSlopeOverKappa - 1);
  const tol = lawTolerance(m.kappa);
  if (dev <= tol && m.flowR2 >= 0.999) return { figures, slack: 1 - dev / tol, plot, data: { t: m.t, rhoV: m.rhoV } };
  if (Math.abs(m.rhoVFlow30 - m.rhoVFlow6) <= BOUNDED_MOVE + m.flowError)
    throw new ClaimViolation(`ρ_v moved by only ${(m.rhoVFlow30 - m.rhoVFlow6).toExponential(2)} from t = 1e6 to 1e30: the residual is bounded on this data`, figures, plot);
  throw new Inconclusive(`e^{cρ_v} grows with slope ${m.flowSlopeOverKappa.toPrecision(3)}·κ on [1e20, 1e30], outside 1 ± ${tol.toPrecision(2)}`, figures, plot);
}

export const claim = defineClaim({
  id: 'gd-residual-loglog-degenerate',
  title: 'On degenerate data the residual grows like log log t (not bounded)',
  group: 'A. Gradient descent on separable data',
  topic: 'residual',
  roles: ['gd'],
  source: soudryDegenerate(),
  statement: 'on data with a support vector whose dual coefficient is 0, ‖ρ(t)‖ = O(log log t) and is not bounded in general',
  assumptions: [
    'degenerate separable data by construction: z_0 = γu, z_1 = γu + c v (v ⊥ u, so α_1 = 0), other points ⟨u, z⟩ ≥ γ + 0.3; ‖x_i‖ ≤ 1 (verified)',
    'logistic loss, risk as a sum, w(0) = 0; GD with η = 0.9 × bound, and the gradient flow (the same dynamics as η → 0)',
  ],
  measurement: 'ρ_v = ⟨w_t − ŵ log t, v⟩ along the flow to t = 1e30; slope of e^{cρ_v} against log t on [1e20, 1e30] against κ = c²/γ̄²; the same on GD',
  expectation: 'confirmed when slope/κ is within 2/(κ log 1e20) of 1 (twice the predicted correction) with r² ≥ 0.999; violated when ρ_v moves by < 0.01 from 1e6 to 1e30',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => degenerateProperty(ctx, 0, residualGrowsLikeLogLogT),
  control: {
    description: 'the non-degenerate twin: z_1 lifted 0.3 off the margin, so ρ converges',
    check: (ctx: ClaimContext) => degenerateProperty(ctx, 0.3, residualGrowsLikeLogLogT),
  },
});
