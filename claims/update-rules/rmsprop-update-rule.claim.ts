import { defineClaim } from '../../src/harness/define.js';
import { mutantControl } from '../../src/impl/mutant-control.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { RULE_STEPS, UPDATE_RULE_TOPIC, updateRuleProperty } from '../../src/experiments/update-rules.js';
import { updateRules } from '../../src/experiments/sources.js';

/**
 * RMSProp as the implementation under test computes it, the method the lectures' claims are about: each step
 * w_t → w_{t+1} is recomputed from the implementation's own iterates w_0 … w_t by the rule (written apart from
 * src/optimizers, see src/experiments/update-rules.ts) and must agree to within the rounding bound of one step
 * (ROUNDING_FACTOR · u · the size of the step's terms, u = 2⁻⁵³, or 2⁻²⁴ for an implementation that declares
 * float32; reasoning in update-rules.ts). Measured on 1000 random problems × 40 steps: ≤ 0.16 of the bound for
 * the reference and the TensorFlow.js adapters.
 */

export const claim = defineClaim({
  id: 'rmsprop-update-rule',
  title: 'RMSProp: w_{t+1} = w_t − η g_t/√v_t with v_t = ρv_{t−1} + (1 − ρ)g_t², step by step',
  group: 'F. Update rules of the compared methods',
  topic: UPDATE_RULE_TOPIC,
  roles: ['rmsprop'],
  source: updateRules('RMSProp (α_t = η, β_t = γ_t = 0, H_t = diag √v_t)'),
  statement: 'v_t = ρ v_{t−1} + (1 − ρ) g_t²,  w_{t+1} = w_t − η g_t / √v_t,  v_{−1} = 0, per coordinate',
  assumptions: [
    'least squares ½‖Xᵀw − y‖² or the logistic risk Σ log(1 + e^{−⟨w, z_i⟩}), n ∈ [2, 6], d ∈ [2, 5], entries ±k/8 (never 0), w_0 entries up to ±2; first a problem with ‖∇F(w_0)‖ ≈ 9',
    'η = 0.01, ρ = 0.9, ε = 0',
  ],
  measurement: `|w_{t+1}(implementation) − w_{t+1}(rule)| per coordinate, over ${RULE_STEPS} steps, in units of the rounding bound`,
  expectation: 'confirmed when every step of every problem is within its rounding bound; violated at the first step outside it',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => updateRuleProperty(ctx, 'rmsprop'),
  control: mutantControl('rmsprop-decay-as-rate', (ctx) => updateRuleProperty(ctx, 'rmsprop')),
});
