import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { gdProperty, startedDataset, type StartedDataset } from '../../src/experiments/gd-claims.js';
import { DIRECTION_ENVELOPE, DIRECTION_RULE, directionConverges } from '../../src/experiments/gd-trials.js';
import { limitRuleText } from '../../src/harness/rules.js';
import { soudryMainResults } from '../../src/experiments/sources.js';
import { gdOnData } from '../../src/impl/on-data.js';

// The decision rule (src/harness/rules.ts) and its use are explained beside DIRECTION_RULE in src/experiments/gd-trials.ts.
export const claim = defineClaim({
  id: 'gd-direction-converges-to-max-margin',
  title: 'GD on separable data converges in direction to the max-margin separator, from any start',
  group: 'A. Gradient descent on separable data',
  topic: 'direction',
  roles: ['gd'],
  source: soudryMainResults(),
  statement: 'lim_{t→∞} w_t/‖w_t‖ = ŵ/‖ŵ‖ for any w(0)',
  assumptions: [
    'data linearly separable through the origin (planted direction and margin, verified); ‖x_i‖ ≤ 1',
    'logistic loss, risk as a sum; η = 0.9 · 2/(β σ_max²(X)) (checked)',
    'w(0): zero, random with ‖w(0)‖ ≤ 5, or adversarial −3u (misclassifies every point)',
  ],
  measurement: 'angle gap ‖w_t/‖w_t‖ − ū‖ at geometric checkpoints; ū from the verified hard-margin SVM',
  expectation: limitRuleText(DIRECTION_RULE, { quantity: 'the angle gap', alsoConfirmed: DIRECTION_ENVELOPE }),
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty<StartedDataset>(ctx, { arbitrary: startedDataset(), gd: (ds) => ({ w0: ds.start.w0 }), trial: directionConverges }),
  onData: (ctx, ds) => gdOnData(ctx, ds, (e, c) => directionConverges(e, c, ds)),
  control: {
    description: 'GD with weight decay λ = 1e-3: the direction tends to the regularized solution, not ū',
    check: (ctx: ClaimContext) =>
      gdProperty<StartedDataset>(ctx, { arbitrary: startedDataset(), gd: (ds) => ({ w0: ds.start.w0, weightDecay: 1e-3 }), trial: directionConverges }),
  },
});
