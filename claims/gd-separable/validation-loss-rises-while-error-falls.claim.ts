import { withValidation, type WithValidation } from '../../src/data/validation.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import { PAPERS, SEED_000 } from '../../src/experiments/sources.js';
import { errorNeverRises, LOSS_SLOPE_TOL, risingErrorExample } from '../../src/experiments/validation.js';

// The measurement and its tolerance are explained in src/experiments/validation.ts. The search starts from a
// counterexample found earlier (risingErrorExample), so every profile and seed decides it the same way.
export const claim = defineClaim({
  id: 'validation-loss-rises-while-error-falls',
  title: 'As on the slide: the validation loss rises while the validation error does not',
  group: 'A. Gradient descent on separable data',
  topic: 'generalization',
  roles: ['gd'],
  source: { ...SEED_000, slide: 'loss ↗ but error ↘ (bad probabilities, good separation)', paper: PAPERS.soudry2018.name, theorem: 'Sec. 5 (validation loss grows like log t)', links: [PAPERS.soudry2018] },
  statement: 'if ŵ misclassifies some held-out points, their logistic loss grows like Σ_j |⟨ŵ, z_j⟩| log t, while the held-out error does not increase (checked at every checkpoint)',
  assumptions: [
    'training data linearly separable through the origin, ‖x_i‖ ≤ 1 (planted, verified), in general position for the horizon (inputs outside are redrawn)',
    'held-out points at distance ≥ 0.2 from ū\'s boundary (before scaling into the unit ball), at least one misclassified by ū',
    'logistic loss, risk as a sum; η = 0.9 · 2/(β σ_max²(X)) (checked); w(0) = 0',
  ],
  measurement: 'summed validation loss and validation error at every checkpoint; slope of the loss against log t on the late half against Σ|⟨ŵ, z_j⟩|',
  expectation: `holds when the error never rises and the loss slope is within ${100 * LOSS_SLOPE_TOL}% of the prediction`,
  expected: 'violated',
  expectedReason:
    'the validation error converges to the error of ū, and a held-out point that w_t classifies correctly but ū does not must switch sides on the way: the error then rises (found by a 20-seed search: 0.2 → 0.4 between t = 794 and 891, ū\'s error 0.4).',
  asWritten: {
    explanation:
      'The slide shows "loss ↗ but error ↘" from Soudry et al.\'s experiments; as a statement about every dataset the error part is false. The theory (w_t/‖w_t‖ → ū) says the held-out error converges to ū\'s error, from below as well as from above, while the held-out loss grows like Σ|⟨ŵ, z_j⟩| log t. The corrected twin checks exactly that.',
    correctedTwin: 'validation-loss-rises-error-settles',
  },
  check: (ctx: ClaimContext) => gdProperty<WithValidation>(ctx, { arbitrary: withValidation({ n: [3, 8] }), examples: [risingErrorExample()], trial: errorNeverRises }),
  control: {
    description: 'GD with weight decay λ = 1e-3: the iterates stop, the validation loss stops rising',
    check: (ctx: ClaimContext) =>
      gdProperty<WithValidation>(ctx, { arbitrary: withValidation({ n: [3, 8] }), gd: () => ({ weightDecay: 1e-3 }), trial: errorNeverRises }),
  },
});
