import fc from 'fast-check';
import { defineClaim } from '../../src/harness/define.js';
import { checkProperty } from '../../src/harness/property.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { NTK_BUDGET, NTK_FLAT, NTK_SLOPE_TOL, ntkSweep, slopeDecision, spherePoints } from '../../src/experiments/ntk.js';
import { seed002 } from '../../src/experiments/sources.js';

// Decision rule and tolerances: beside NTK_SLOPE_TOL in src/experiments/ntk.ts.
function check(choSaulFactor: number) {
  return (ctx: ClaimContext) => {
    const widths = ctx.budget<readonly number[]>(NTK_BUDGET.widths), draws = ctx.budget(NTK_BUDGET.draws);
    return checkProperty(ctx, {
      arbitrary: fc.record({ n: fc.integer({ min: 2, max: 8 }), d: fc.integer({ min: 2, max: 8 }), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }) }),
      numRuns: ctx.budget({ smoke: 2, default: 5, thorough: 20 }),
      trial: ({ n, d, seed }) => {
        const sw = ntkSweep(spherePoints(n, d, seed), n, d, widths, draws, seed + 1, choSaulFactor);
        return slopeDecision('ntk-concentrates-with-width', 'RMS ‖K_m − K_∞‖_F/n', { ...sw, values: sw.errors }, -0.5, NTK_SLOPE_TOL, NTK_FLAT,
          `n=${n} points on S^${d - 1}, ${draws} inits per width${choSaulFactor !== 1 ? `, limit ×${choSaulFactor}` : ''}`);
      },
      decidedBy: `empirical kernels (Float64) at widths ${widths.join(', ')}, ${draws} inits each`,
    });
  };
}

export const claim = defineClaim({
  id: 'ntk-concentrates-with-width',
  title: 'The empirical tangent kernel of a two-layer ReLU net at init tends to the arc-cosine kernel, error ∝ m^{−1/2}',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'neural tangent kernel',
  source: seed002('The initial kernel (replace the kernel by its expectation over w_0; Cho-Saul \'09)', 'concentration of the empirical NTK at initialization', ['jacot2018', 'choSaul2009']),
  statement: 'for f(x) = m^{−1/2}Σ_r a_r σ(w_rᵀx), w_r ~ N(0, I), a_r = ±1, ‖x‖ = 1: K_m(x, x′) → u(π − θ)/(2π) + (sin θ + (π − θ)u)/(2π), u = xᵀx′, θ = arccos u, with error ∝ m^{−1/2}',
  assumptions: ['n 2..8 points on the unit sphere of R^d, d 2..8', 'both layers\' parts of the kernel (first-layer and second-layer gradients)'],
  measurement: 'RMS over independent inits of ‖K_m − K_∞‖_F/n at each width; slope of log error against log m',
  expectation: `confirmed when the slope is within ${NTK_SLOPE_TOL} of −½; violated when it is ≥ −${NTK_FLAT} (the error does not shrink); inconclusive otherwise`,
  expected: 'confirmed',
  check: check(1),
  control: {
    description: 'the limit taken from Cho & Saul\'s arc-cosine kernels as printed (normalized for 2·E[…], twice ours): the error stops shrinking',
    check: check(2),
  },
});
