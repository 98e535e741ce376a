import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { symmetricDataset } from '../../src/data/symmetric.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import { FLOOR_FRACTION, gapTimesLogTStaysPositive } from '../../src/experiments/gd-trials.js';
import { soudryMainResults } from '../../src/experiments/sources.js';

// The decision rule (gap·log t stays above a floor predicted from w̃) is beside FLOOR_FRACTION in
// src/experiments/gd-trials.ts.
export const claim = defineClaim({
  id: 'gd-direction-converges-slowly',
  title: 'GD converges to the max-margin direction very slowly: the angle gap is Θ(1/log t) on generic data',
  group: 'A. Gradient descent on separable data',
  topic: 'rates',
  roles: ['gd'],
  source: soudryMainResults('Theorem 3 and the limit w̃ of eq. (8): gap · log t → ‖P⊥ w̃‖/‖ŵ‖'),
  statement: 'for data in general position, ‖w_t/‖w_t‖ − ū‖ · log t → ‖P⊥ w̃‖/‖ŵ‖ > 0 ("converges very slowly")',
  assumptions: [
    'data linearly separable through the origin, ‖x_i‖ ≤ 1, in general position for the horizon (inputs outside are redrawn)',
    'logistic loss, risk as a sum; η = 0.9 · 2/(β σ_max²(X)) (checked); w(0) = 0',
    'symmetric data (measure zero) are the known exception: they are the negative control',
  ],
  measurement: 'gap · log t at √T and T, and the predicted lower bound c_S = ‖P⊥ w̃_S‖/‖ŵ‖ of its limit',
  expectation: `confirmed when gap·log t at T is ≥ ${FLOOR_FRACTION}·c_S (or, when c_S = 0, ≥ ${FLOOR_FRACTION}× its value at √T); violated when the gap is 0 to rounding`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty(ctx, { trial: gapTimesLogTStaysPositive }),
  control: {
    description: 'symmetric data (pairs (a, ±b)) from w(0) = 0: the iterates stay on ū exactly',
    check: (ctx: ClaimContext) => gdProperty(ctx, { arbitrary: symmetricDataset(), generalPosition: false, trial: gapTimesLogTStaysPositive }),
  },
});
