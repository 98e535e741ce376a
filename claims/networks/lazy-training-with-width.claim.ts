import fc from 'fast-check';
import { defineClaim } from '../../src/harness/define.js';
import { checkProperty } from '../../src/harness/property.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { fitLine } from '../../src/metrics/fit.js';
import { LAZY_BUDGET, LAZY_ETA, LAZY_SLOPE_TOL, LAZY_TARGET, lazyMovement, NTK_FLAT, slopeDecision, spherePoints } from '../../src/experiments/ntk.js';
import { seed002 } from '../../src/experiments/sources.js';

// Decision rule and tolerances: beside LAZY_SLOPE_TOL in src/experiments/ntk.ts.
function check(meanField: boolean) {
  return (ctx: ClaimContext) => {
    const widths = ctx.budget<readonly number[]>(LAZY_BUDGET.widths), seeds = ctx.budget(LAZY_BUDGET.seeds);
    return checkProperty(ctx, {
      arbitrary: fc.record({ n: fc.integer({ min: 6, max: 12 }), d: fc.integer({ min: 4, max: 8 }), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }) }),
      numRuns: ctx.budget({ smoke: 1, default: 2, thorough: 8 }),
      trial: ({ n, d, seed }) => {
        const X = spherePoints(n, d, seed);
        // labels of a planted halfspace: learnable at every width in a few hundred steps
        const y = Float64Array.from({ length: n }, (_, k) => (X[k * d] + 0.5 * X[k * d + 1] >= 0 ? 1 : -1));
        const values = widths.map((m) => {
          let s = 0;
          for (let r = 0; r < seeds; r++) s += lazyMovement(X, y, n, d, m, seed + 7919 * (r + 1), meanField).movement;
          return s / seeds;
        });
        const fit = fitLine(widths.map(Math.log), values.map(Math.log));
        return slopeDecision('lazy-training-with-width', '‖θ_T − θ_0‖/‖θ_0‖', { widths: [...widths], values, slope: fit.slope, slopeCI: fit.slopeCI }, -0.5, LAZY_SLOPE_TOL, NTK_FLAT,
          `${meanField ? 'mean-field scaling m^{-1}, step × m' : 'NTK scaling m^{-1/2}'}, n=${n}, d=${d}, ${seeds} inits per width`);
      },
      decidedBy: `GD (η = ${LAZY_ETA}) on the mean logistic risk until R̂ ≤ ${LAZY_TARGET}, widths ${widths.join(', ')}`,
    });
  };
}

export const claim = defineClaim({
  id: 'lazy-training-with-width',
  title: 'Lazy training: the relative weight movement needed to reach a fixed loss shrinks like m^{−1/2}',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'neural tangent kernel',
  source: seed002('Initial and intermediate kernels (as width → ∞ individual node weights change less and less)', 'lazy training', ['chizatBach2019', 'jacot2018']),
  statement: '‖θ_T − θ_0‖/‖θ_0‖ ∝ m^{−1/2} for f = m^{−1/2}Σ_r a_r σ(w_rᵀx) trained by GD to R̂(θ_T) ≤ 0.1',
  assumptions: ['n 6..12 points on the unit sphere of R^d (d 4..8) with planted-halfspace labels', 'w_r ~ N(0, I), a_r = ±1, both layers trained, fixed step'],
  measurement: 'relative movement of all parameters when the mean logistic risk first reaches 0.1, averaged over inits, at each width; slope of its log against log m',
  expectation: `confirmed when the slope is within ${LAZY_SLOPE_TOL} of −½; violated when it is ≥ −${NTK_FLAT} (no shrinking with width)`,
  expected: 'confirmed',
  check: check(false),
  control: {
    description: 'mean-field scaling f = m^{−1}Σ_r a_r σ(w_rᵀx) with the step scaled by m: each unit moves O(1) and the relative movement does not shrink',
    check: check(true),
  },
});
