import { withValidation, type WithValidation } from '../../src/data/validation.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import { PAPERS, SEED_000 } from '../../src/experiments/sources.js';
import { errorSettlesAtMaxMargin, LOSS_SLOPE_TOL, risingErrorExample } from '../../src/experiments/validation.js';

// The measurement and its tolerance are explained in src/experiments/validation.ts.
export const claim = defineClaim({
  id: 'validation-loss-rises-error-settles',
  title: 'The validation loss rises like log t while the validation error settles at the max-margin separator\'s',
  group: 'A. Gradient descent on separable data',
  topic: 'generalization',
  roles: ['gd'],
  source: { ...SEED_000, slide: 'loss ↗ but error ↘ (bad probabilities, good separation)', paper: PAPERS.soudry2018.name, theorem: 'Sec. 5 (validation loss grows like log t) and Theorem 3 (w_t/‖w_t‖ → ū)', links: [PAPERS.soudry2018] },
  statement: 'if ŵ misclassifies some held-out points, the held-out logistic loss grows like Σ_j |⟨ŵ, z_j⟩| log t, and the held-out error converges to ū\'s error (corrected twin of validation-loss-rises-while-error-falls)',
  assumptions: [
    'training data linearly separable through the origin, ‖x_i‖ ≤ 1 (planted, verified), in general position for the horizon (inputs outside are redrawn)',
    'held-out points at distance ≥ 0.2 from ū\'s boundary (before scaling into the unit ball), at least one misclassified by ū',
    'logistic loss, risk as a sum; η = 0.9 · 2/(β σ_max²(X)) (checked); w(0) = 0',
  ],
  measurement: 'slope of the summed validation loss against log t on the late half against Σ|⟨ŵ, z_j⟩|; validation error at T against ū\'s',
  expectation: `confirmed when the loss slope is within ${100 * LOSS_SLOPE_TOL}% of the prediction and the error at T equals ū's error`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty<WithValidation>(ctx, { arbitrary: withValidation({ n: [3, 8] }), examples: [risingErrorExample()], trial: errorSettlesAtMaxMargin }),
  control: {
    description: 'GD with weight decay λ = 1e-3: the iterates stop, the validation loss stops rising',
    check: (ctx: ClaimContext) =>
      gdProperty<WithValidation>(ctx, { arbitrary: withValidation({ n: [3, 8] }), gd: () => ({ weightDecay: 1e-3 }), trial: errorSettlesAtMaxMargin }),
  },
});
