import { defineClaim } from '../../src/harness/define.js';
import { mutantControl } from '../../src/impl/mutant-control.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { CLASSIFICATION_RULE_STEPS, classificationRuleProperty } from '../../src/experiments/update-rules-classification.js';
import { UPDATE_RULE_TOPIC } from '../../src/experiments/update-rules.js';
import { seed002 } from '../../src/experiments/sources.js';

/**
 * Greedy coordinate descent with a fixed step (the Gauss–Southwell rule, steepest descent for ‖·‖₁ in Gunasekar et
 * al. 2018) as the role defines it with lineSearch 'fixed' (src/optimizers/coordinate-descent.ts): each step w_t → w_{t+1} is recomputed from the implementation's own w_t by the rule (written apart from
 * src/optimizers, see src/experiments/update-rules-classification.ts) and must agree to within the rounding bound
 * of one step (ROUNDING_FACTOR · u · the size of the step's terms). Control: a mutant of the role.
 */

export const claim = defineClaim({
  id: 'coordinate-descent-update-rule',
  title: 'Greedy coordinate descent: w_{t+1} = w_t − η_t ∂_kF e_k on the coordinate of largest |∂_kF|, step by step',
  group: 'F. Update rules of the compared methods',
  topic: UPDATE_RULE_TOPIC,
  roles: ['coordinateDescent'],
  source: seed002('Boosting methods find large margin boosted classifiers. ("Zhang-Yu \'05: more careful step sizes")', 'greedy (Gauss–Southwell) coordinate descent, the steepest-descent step for ‖·‖₁ (Gunasekar et al. 2018; Nutini et al. 2015)', ['gunasekar2018', 'nutini2015']),
  statement: 'k ∈ argmax_j |∂_jF(w_t)|, w_{t+1} = w_t − η_t ∂_kF(w_t) e_k, η_t = η/(t+1)^p (lineSearch \'fixed\')',
  assumptions: ['least squares or the logistic risk of ruleProblem (n ∈ [2, 6], d ∈ [2, 5], entries ±k/8), w_0 entries up to ±2; η = ½/β_F, p = ¼ on the logistic risk and 0 on least squares; coordinates tied within the gradient\'s rounding are all candidates'],
  measurement: `|w_{t+1}(implementation) − w_{t+1}(rule)| per coordinate, over ${CLASSIFICATION_RULE_STEPS.coordinateDescent} steps, in units of the rounding bound`,
  expectation: 'confirmed when every step of every problem is within its rounding bound; violated at the first step outside it',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => classificationRuleProperty(ctx, 'coordinateDescent'),
  control: mutantControl('coordinate-descent-cyclic', (ctx) => classificationRuleProperty(ctx, 'coordinateDescent')),
});
