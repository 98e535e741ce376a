import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { fmt } from '../../src/experiments/flow-claims.js';
import { RELU_ROUND, reluGdTrace, reluProperty, updateRounding, type ReluSetting } from '../../src/experiments/relu-lemmas.js';
import { reluLinearizedRisk } from '../../src/models/relu2.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * Lemma 9.4 as transcribed on the slide: for η ≤ 1 and any Z, along GD on R̂ (two-layer ReLU, logistic loss, mean),
 *   (1/t)Σ_{i<t} R̂(W_i) − (2/t)Σ_{i<t} R̂^{(i)}(Z) ≤ (‖W_0 − Z‖² − ‖W_t − Z‖²)/(ηt),
 *   R̂^{(i)}(Z) = (1/n)Σ_k ℓ(y_k⟨Z, ∇f(x_k; W_i)⟩),
 * checked at every t = 1..T for the generator's three random Z and six adversarial ones built from the run:
 * W_0 (right side ≤ 0), W_T, 2W_T − W_0 (beyond the end), 3W_T, −W_T, 0.
 * Decision: a (t, Z) fails when the left side exceeds the right by more than RELU_ROUND times the summed magnitudes
 * (the averages and both squared distances) plus the accumulated rounding of the updates (`updateRounding`), since the
 * lemma holds step by step for exact updates. Slack: the smallest (right − left)/(|right| + |left|).
 */
function lemma94(direction?: (s: ReluSetting) => (i: number, W: Float64Array, g: Float64Array) => Float64Array) {
  return (s: ReluSetting) => {
    const run = reluGdTrace(s, direction?.(s));
    const T = s.steps, WT = run.W[T], W0 = run.W[0];
    const named: [string, Float64Array][] = [
      ...s.Zs.map((z, q) => [`random Z${q}`, z] as [string, Float64Array]),
      ['W_0', W0], ['W_T', WT], ['2W_T − W_0', WT.map((v, p) => 2 * v - W0[p])], ['3W_T', WT.map((v) => 3 * v)], ['−W_T', WT.map((v) => -v)], ['0', new Float64Array(s.m * s.d)],
    ];
    const dist2 = (A: Float64Array, Z: Float64Array) => A.reduce((acc, v, p) => acc + (v - Z[p]) ** 2, 0);
    let slack = 1, worst = { z: '', t: 0, lhs: 0, rhs: 0 };
    for (const [name, Z] of named) {
      const d0 = dist2(W0, Z);
      let sumR = 0, sumRZ = 0, updates = 0;
      for (let t = 1; t <= T; t++) {
        sumR += run.risk[t - 1];
        sumRZ += reluLinearizedRisk(run.W[t - 1], Z, s.a, s.m, s.d, s.X, s.y, s.n, { sigmaPrimeAtZero: s.sigmaPrimeAtZero });
        const dt = dist2(run.W[t], Z);
        updates += updateRounding(run.W[t - 1], run.W[t], s.eta, run.grad[t - 1], dt);
        const lhs = sumR / t - (2 * sumRZ) / t, rhs = (d0 - dt) / (s.eta * t);
        const tol = RELU_ROUND * (sumR / t + (2 * sumRZ) / t + (d0 + dt) / (s.eta * t)) + updates / (s.eta * t);
        const room = (rhs - lhs) / (Math.abs(rhs) + Math.abs(lhs) || 1);
        if (room < slack) { slack = room; worst = { z: name, t, lhs, rhs }; }
        if (lhs > rhs + tol)
          throw new ClaimViolation(
            `ji-telgarsky-lemma-9-4 [n=${s.n}, d=${s.d}, m=${s.m}, η=${s.eta}, σ'(0)=${s.sigmaPrimeAtZero}]: at t=${t}, Z = ${name}: ` +
              `(1/t)ΣR̂(W_i) − (2/t)ΣR̂⁽ⁱ⁾(Z) = ${fmt(lhs)} > (‖W_0 − Z‖² − ‖W_t − Z‖²)/(ηt) = ${fmt(rhs)} (tol ${fmt(tol)})`,
            { t, lhs, rhs, tol, n: s.n, m: s.m, eta: s.eta });
      }
    }
    return { figures: { n: s.n, d: s.d, m: s.m, eta: s.eta, steps: T, worstT: worst.t, worstLhs: worst.lhs, worstRhs: worst.rhs, riskAtEnd: run.risk[T] }, slack: Math.max(0, slack) };
  };
}

export const claim = defineClaim({
  id: 'ji-telgarsky-lemma-9-4',
  title: 'Lemma 9.4 (Ji & Telgarsky): averaged GD risk against the linearized risk of any comparator Z',
  group: 'C. Margins and gradient flow (two-layer ReLU)',
  topic: 'ReLU risk convergence',
  source: seed004('Risk convergence', 'Lemma 9.4', ['telgarskyDlt', 'jiTelgarsky2020Polylog']),
  statement: 'η ≤ 1 ⇒ for every Z and t ≥ 1: (1/t)Σ_{i<t} R̂(W_i) − (2/t)Σ_{i<t} R̂^{(i)}(Z) ≤ (‖W_0 − Z‖_F² − ‖W_t − Z‖_F²)/(ηt)',
  assumptions: [
    'f(x; W) = m^{-1/2} Σ_j a_j σ(⟨x, w_j⟩), a_j = ±1 fixed, only W trained; ‖x_k‖ ≤ 1 (any labels); logistic loss, R̂ the mean',
    'GD W_{i+1} = W_i − η∇R̂(W_i), 0 < η ≤ 1, σ\'(0) ∈ {0, ½, 1}, W_0 random (10^{-3..1}) or 0; n ≤ 16, d ≤ 5, m ≤ 64, T ≤ 300 steps (default profile)',
  ],
  measurement: 'both sides at every t = 1..T for 3 random and 6 adversarial comparators Z',
  expectation: 'confirmed when no (t, Z) exceeds the right side by more than RELU_ROUND × the magnitudes; slack = min (right − left)/(|right| + |left|)',
  expected: 'confirmed',
  asWritten: {
    explanation:
      'Transcribed from Telgarsky\'s notes (we have no primary text of the notes). Checked literally, it holds; the slide\'s proof is complete as written: ' +
      'the distance decomposition, ‖∇R̂‖² ≤ min{1, R̂}² ≤ R̂, convexity of ℓ with f(x; W) = ⟨∇f(x; W), W⟩ (σ\'(r)r = σ(r), true for every σ\'(0) ∈ [0, 1]), then (2 − η) ≥ 1 and telescoping (each step: lemma-9-4-proof-steps). ' +
      'It matches the lemma of Ji & Telgarsky (ICLR 2020) multiplied out: ηΣ_{i<t}R̂(W_i) ≤ ‖W_0 − Z‖² − ‖W_t − Z‖² + 2ηΣ_{i<t}R̂^{(i)}(Z).',
  },
  check: (ctx: ClaimContext) => reluProperty(ctx, { trial: lemma94(), decidedBy: 'GD on the two-layer ReLU net (src/models/relu2.ts reluGd)' }),
  control: {
    description: 'GD stepping along the gradient of the summed risk (n× the mean\'s) while the lemma is evaluated with the declared η (a mis-scaled gradient; n ≥ 2)',
    check: (ctx: ClaimContext) => reluProperty(ctx, { trial: lemma94((s) => (_i, _W, g) => g.map((v) => v * s.n)), decidedBy: 'GD with the summed-risk gradient' }),
  },
});
