import { defineClaim } from '../../src/harness/define.js';
import { mutantControl } from '../../src/impl/mutant-control.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { CLASSIFICATION_RULE_STEPS, classificationRuleProperty } from '../../src/experiments/update-rules-classification.js';
import { UPDATE_RULE_TOPIC } from '../../src/experiments/update-rules.js';
import { seed002 } from '../../src/experiments/sources.js';

/**
 * The perceptron (Rosenblatt 1958) as the role defines it (src/optimizers/perceptron.ts): one example per update in
 * cyclic order from example 0, an update exactly on a mistake ⟨w, z_i⟩ ≤ 0 (so from w_0 = 0 the first visit is one): each step w_t → w_{t+1} is recomputed from the implementation's own w_t by the rule (written apart from
 * src/optimizers, see src/experiments/update-rules-classification.ts) and must agree to within the rounding bound
 * of one step (ROUNDING_FACTOR · u · the size of the step's terms). Control: a mutant of the role.
 */

export const claim = defineClaim({
  id: 'perceptron-update-rule',
  title: 'Perceptron: w ← w + ηz_i on a mistake ⟨w, z_i⟩ ≤ 0, examples in cyclic order, step by step',
  group: 'F. Update rules of the compared methods',
  topic: UPDATE_RULE_TOPIC,
  roles: ['perceptron'],
  source: seed002('Margins? ("Margins & optimization: Novikoff \'62")', 'the perceptron update (Rosenblatt 1958), cyclic order as in Novikoff\'s convergence proof', ['rosenblatt1958', 'novikoff1962']),
  statement: 'i = t mod n; w_{t+1} = w_t + η z_i if ⟨w_t, z_i⟩ ≤ 0, else w_{t+1} = w_t; w_0 = 0',
  assumptions: ['z_i = rows of X (entries ±k/8, n ∈ [2, 6], d ∈ [2, 5]), w_0 = 0, η = ½; a margin within rounding of 0 admits both readings'],
  measurement: `|w_{t+1}(implementation) − w_{t+1}(rule)| per coordinate, over ${CLASSIFICATION_RULE_STEPS.perceptron} steps, in units of the rounding bound`,
  expectation: 'confirmed when every step of every problem is within its rounding bound; violated at the first step outside it',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => classificationRuleProperty(ctx, 'perceptron'),
  control: mutantControl('perceptron-subtracts', (ctx) => classificationRuleProperty(ctx, 'perceptron')),
});
