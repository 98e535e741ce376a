import { defineClaim } from '../../src/harness/define.js';
import { mutantControl } from '../../src/impl/mutant-control.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { UPDATE_RULE_TOPIC } from '../../src/experiments/update-rules.js';
import { mirrorRuleProperty } from '../../src/experiments/mirror-rule.js';
import { BEYOND_GROUP, beyondLectures } from '../../src/experiments/sources.js';

/**
 * Mirror descent as the implementation under test computes it, step by step: each w_t → w_{t+1} is recomputed from
 * the implementation's own w_t by the rule and must agree to within the rounding bound derived in
 * src/experiments/mirror-rule.ts. The behaviour claim (mirror-descent-converges-to-lp-max-margin) cannot decide at
 * these budgets; this one tells a mirror step from a primal one at the first step.
 */

export const claim = defineClaim({
  id: 'mirror-descent-update-rule',
  title: 'Mirror descent with ψ = ‖w‖_p^p/p: ∇ψ(w_{t+1}) = ∇ψ(w_t) − η∇F(w_t), step by step',
  group: BEYOND_GROUP,
  topic: UPDATE_RULE_TOPIC,
  roles: ['mirrorDescent'],
  source: beyondLectures('Sun, Ahn, Thrampoulidis, Azizan 2022, Sec. 2 (mirror descent; p-GD: ψ(w) = ‖w‖_p^p/p)', ['sun2022MirrorDescent']),
  statement: 'w_{t+1} = ∇ψ*(∇ψ(w_t) − η∇F(w_t)), ∇ψ(w)_k = sign(w_k)|w_k|^{p−1}, ∇ψ*(θ)_k = sign(θ_k)|θ_k|^{1/(p−1)} (p = 1.5, 3)',
  assumptions: [
    'least squares ½‖Xᵀw − y‖² or the logistic risk Σ log(1 + e^{−⟨w, z_i⟩}), n ∈ [2, 6], d ∈ [2, 5], entries ±k/8 (never 0), w_0 entries up to ±2; first a problem with ‖∇F(w_0)‖ ≈ 9',
    'η = ½/β_F (β_F a bound on the smoothness of F); p drawn from {1.5, 3}',
  ],
  measurement: '|w_{t+1}(implementation) − w_{t+1}(rule)| per coordinate, over 40 steps, in units of the rounding bound',
  expectation: 'confirmed when every step of every problem is within its rounding bound; violated at the first step outside it',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => mirrorRuleProperty(ctx),
  control: mutantControl('mirror-descent-primal-step', (ctx) => mirrorRuleProperty(ctx)),
});
