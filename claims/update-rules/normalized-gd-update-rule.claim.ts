import { defineClaim } from '../../src/harness/define.js';
import { mutantControl } from '../../src/impl/mutant-control.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { CLASSIFICATION_RULE_STEPS, classificationRuleProperty } from '../../src/experiments/update-rules-classification.js';
import { UPDATE_RULE_TOPIC } from '../../src/experiments/update-rules.js';
import { PAPERS, SEED_000 } from '../../src/experiments/sources.js';

/**
 * Normalized gradient descent as the role defines it (src/optimizers/normalized-gd.ts): the step η_t∇F/F of
 * Nacson et al. (2019), however the implementation forms the quotient (the reference reads it in the log domain): each step w_t → w_{t+1} is recomputed from the implementation's own w_t by the rule (written apart from
 * src/optimizers, see src/experiments/update-rules-classification.ts) and must agree to within the rounding bound
 * of one step (ROUNDING_FACTOR · u · the size of the step's terms). Control: a mutant of the role.
 */

export const claim = defineClaim({
  id: 'normalized-gd-update-rule',
  title: 'Normalized GD: w_{t+1} = w_t − η_t ∇F(w_t)/F(w_t), step by step',
  group: 'F. Update rules of the compared methods',
  topic: UPDATE_RULE_TOPIC,
  roles: ['normalizedGd'],
  source: { ...SEED_000, slide: 'Implicit regularization ("choice of optimizer ⇔ choice of solution")', paper: PAPERS.nacson2019.name, theorem: 'normalized GD, the step η_t ∝ 1/L(w_t)', links: [PAPERS.nacson2019] },
  statement: 'w_{t+1} = w_t − η_t ∇F(w_t)/F(w_t), η_t = η/(t+1)^p',
  assumptions: ['the logistic risk of ruleProblem\'s data (n ∈ [2, 6], d ∈ [2, 5], entries ±k/8), w_0 entries up to ±2; η = ½/β_F, p = ¼'],
  measurement: `|w_{t+1}(implementation) − w_{t+1}(rule)| per coordinate, over ${CLASSIFICATION_RULE_STEPS.normalizedGd} steps, in units of the rounding bound`,
  expectation: 'confirmed when every step of every problem is within its rounding bound; violated at the first step outside it',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => classificationRuleProperty(ctx, 'normalizedGd'),
  control: mutantControl('normalized-gd-gradient-norm', (ctx) => classificationRuleProperty(ctx, 'normalizedGd')),
});
