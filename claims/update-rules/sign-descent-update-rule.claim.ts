import { defineClaim } from '../../src/harness/define.js';
import { mutantControl } from '../../src/impl/mutant-control.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { CLASSIFICATION_RULE_STEPS, classificationRuleProperty } from '../../src/experiments/update-rules-classification.js';
import { UPDATE_RULE_TOPIC } from '../../src/experiments/update-rules.js';
import { PAPERS, SEED_000 } from '../../src/experiments/sources.js';

/**
 * Sign descent as the role defines it (src/optimizers/sign-descent.ts, its default 'dual-norm' scale): the
 * normalized steepest-descent step for ‖·‖∞ of Gunasekar, Lee, Soudry & Srebro (2018), η‖g‖₁ sign g: each step w_t → w_{t+1} is recomputed from the implementation's own w_t by the rule (written apart from
 * src/optimizers, see src/experiments/update-rules-classification.ts) and must agree to within the rounding bound
 * of one step (ROUNDING_FACTOR · u · the size of the step's terms). Control: a mutant of the role.
 */

export const claim = defineClaim({
  id: 'sign-descent-update-rule',
  title: 'Sign descent: w_{t+1} = w_t − η_t ‖∇F‖₁ sign ∇F (steepest descent for l∞), step by step',
  group: 'F. Update rules of the compared methods',
  topic: UPDATE_RULE_TOPIC,
  roles: ['signDescent'],
  source: { ...SEED_000, slide: 'Implicit regularization ("choice of optimizer ⇔ choice of solution")', paper: PAPERS.gunasekar2018.name, theorem: 'steepest descent w.r.t. ‖·‖∞: Δw = −η‖∇F‖₁ argmax_{‖v‖∞ ≤ 1}⟨v, ∇F⟩', links: [PAPERS.gunasekar2018] },
  statement: 'w_{t+1} = w_t − η_t ‖∇F(w_t)‖₁ sign(∇F(w_t)), η_t = η/(t+1)^p, sign(0) = 0',
  assumptions: ['least squares or the logistic risk of ruleProblem (n ∈ [2, 6], d ∈ [2, 5], entries ±k/8), w_0 entries up to ±2; η = ½/(β_F d), p = ¼ on the logistic risk and 0 on least squares; a gradient coordinate within its rounding of 0 may take any sign'],
  measurement: `|w_{t+1}(implementation) − w_{t+1}(rule)| per coordinate, over ${CLASSIFICATION_RULE_STEPS.signDescent} steps, in units of the rounding bound`,
  expectation: 'confirmed when every step of every problem is within its rounding bound; violated at the first step outside it',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => classificationRuleProperty(ctx, 'signDescent'),
  control: mutantControl('sign-descent-no-scale', (ctx) => classificationRuleProperty(ctx, 'signDescent')),
});
