import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { fmt } from '../../src/experiments/flow-claims.js';
import { RELU_ROUND, reluProperty, type ReluSetting } from '../../src/experiments/relu-lemmas.js';
import { reluGd } from '../../src/models/relu2.js';
import { logistic, square, type Loss } from '../../src/losses/loss.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * ‖∇R̂(W)‖_F ≤ min{1, R̂(W)} ("Settings", third slide), from ‖∇f(x; W)‖_F ≤ 1 and |ℓ'| ≤ min{1, ℓ}. Checked at every
 * iterate of a GD run from the generated W₀ (η ≤ 1, up to 300 steps at the default profile), so both regimes of the min appear: R̂ > 1 at
 * large, misfitting starts and R̂ < 1 as GD fits. σ'(0) ∈ {0, ½, 1}, W₀ = 0 puts every unit at its kink.
 * Tolerance: rounding of the gradient (a sum of ≤ 5000 products), RELU_ROUND relative to min{1, R̂}.
 * Slack: the smallest 1 − ‖∇R̂‖/min{1, R̂}.
 */
function gradientBound(loss: Loss) {
  return (s: ReluSetting) => {
    let slack = 1, worst = { i: 0, g: 0, r: 0 };
    const run = reluGd(s.W0, s.a, s.m, s.d, s.X, s.y, s.n, s.eta, s.steps, (i, _W, r, grad) => {
      const g = Math.hypot(...grad), cap = Math.min(1, r);
      const room = cap > 0 ? 1 - g / cap : g === 0 ? 1 : -Infinity;
      if (room < slack) { slack = room; worst = { i, g, r }; }
      if (g > cap * (1 + RELU_ROUND))
        throw new ClaimViolation(`relu-risk-gradient-bound [${loss.name}, n=${s.n}, d=${s.d}, m=${s.m}, σ'(0)=${s.sigmaPrimeAtZero}] at GD step ${i}: ‖∇R̂‖ = ${fmt(g)} > min{1, R̂} = ${fmt(cap)}`,
          { i, gradNorm: g, risk: r });
    }, { sigmaPrimeAtZero: s.sigmaPrimeAtZero, loss });
    return { figures: { n: s.n, d: s.d, m: s.m, steps: s.steps, worstStep: worst.i, worstGradNorm: worst.g, worstRisk: worst.r, riskAtStart: run.risk[0], riskAtEnd: run.risk[s.steps] }, slack };
  };
}

export const claim = defineClaim({
  id: 'relu-risk-gradient-bound',
  title: 'Two-layer ReLU net, logistic loss: ‖∇R̂(W)‖_F ≤ min{1, R̂(W)}',
  group: 'C. Margins and gradient flow (two-layer ReLU)',
  topic: 'ReLU gradient bounds',
  source: seed004('Settings (gradient of the risk)', 'the bound before Lemma 9.4', ['telgarskyDlt', 'jiTelgarsky2020Polylog']),
  statement: '‖∇R̂(W)‖_F ≤ (1/n)Σ_k |ℓ\'(y_k f(x_k; W))| ≤ min{1, R̂(W)}',
  assumptions: [
    'f(x; W) = m^{-1/2} Σ_j a_j σ(⟨x, w_j⟩), a_j = ±1; ‖x_k‖ ≤ 1 (any labels); logistic loss, R̂ the mean; σ\'(0) ∈ {0, ½, 1}',
    'W: the generated start and every GD iterate from it (η ≤ 1, up to 300 steps at the default profile)',
  ],
  measurement: '‖∇R̂(W_i)‖_F from the hand-written gradient, and R̂(W_i), at every iterate',
  expectation: 'confirmed when ‖∇R̂‖ ≤ min{1, R̂}(1 + RELU_ROUND) at every iterate; slack = min 1 − ‖∇R̂‖/min{1, R̂}',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => reluProperty(ctx, { trial: gradientBound(logistic), decidedBy: 'GD iterates on the two-layer ReLU net' }),
  control: {
    description: 'the square loss ½(1 − u)² in place of the logistic loss: |ℓ\'| ≤ ℓ fails near the target u = 1',
    check: (ctx: ClaimContext) => reluProperty(ctx, { trial: gradientBound(square), decidedBy: 'GD iterates on the two-layer ReLU net, square loss' }),
  },
});
