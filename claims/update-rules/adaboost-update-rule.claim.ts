import { defineClaim } from '../../src/harness/define.js';
import { mutantControl } from '../../src/impl/mutant-control.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { CLASSIFICATION_RULE_STEPS, classificationRuleProperty } from '../../src/experiments/update-rules-classification.js';
import { UPDATE_RULE_TOPIC } from '../../src/experiments/update-rules.js';
import { seed002 } from '../../src/experiments/sources.js';

/**
 * AdaBoost (Freund & Schapire 1997) as greedy coordinate descent on the exponential loss of the margin matrix,
 * with the exact line-search step α = atanh γ (Rudin, Daubechies & Schapire 2004; Telgarsky 2013): each step w_t → w_{t+1} is recomputed from the implementation's own w_t by the rule (written apart from
 * src/optimizers, see src/experiments/update-rules-classification.ts) and must agree to within the rounding bound
 * of one step (ROUNDING_FACTOR · u · the size of the step's terms). Control: a mutant of the role.
 */

export const claim = defineClaim({
  id: 'adaboost-update-rule',
  title: 'AdaBoost: a_{t+1} = a_t + ½ ln((1 + γ_t)/(1 − γ_t)) e_{j_t} on the learner of largest |edge|, step by step',
  group: 'F. Update rules of the compared methods',
  topic: UPDATE_RULE_TOPIC,
  roles: ['adaboost'],
  source: seed002('Boosting methods find large margin boosted classifiers.', 'AdaBoost (Freund & Schapire 1997) as greedy coordinate descent with exact line search on Σ_i exp(−⟨a, M_i⟩) (Rudin, Daubechies & Schapire 2004; Telgarsky 2013)', ['freundSchapire1997', 'rudin2004', 'telgarsky2013']),
  statement: 'D_t ∝ exp(−M a_t), γ_j = Σ_i D_t(i) M_ij, j_t ∈ argmax_j |γ_j|, a_{t+1} = a_t + ½ ln((1 + γ_{j_t})/(1 − γ_{j_t})) e_{j_t}; a_0 = 0',
  assumptions: ['M = sign(X) for X with entries ±k/8 (n ∈ [2, 6] examples, m ∈ [2, 5] learners), no constant column (a perfect learner has α = ∞; redrawn); a_0 = 0; learners tied within rounding are all candidates'],
  measurement: `|w_{t+1}(implementation) − w_{t+1}(rule)| per coordinate, over ${CLASSIFICATION_RULE_STEPS.adaboost} steps, in units of the rounding bound`,
  expectation: 'confirmed when every step of every problem is within its rounding bound; violated at the first step outside it',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => classificationRuleProperty(ctx, 'adaboost'),
  control: mutantControl('adaboost-no-half', (ctx) => classificationRuleProperty(ctx, 'adaboost')),
});
