import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { fmt } from '../../src/experiments/flow-claims.js';
import { RELU_ROUND, reluGdTrace, reluProperty, updateRounding, type ReluSetting } from '../../src/experiments/relu-lemmas.js';
import { reluLinearizedRisk } from '../../src/models/relu2.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * The steps of Lemma 9.4's proof sketch, at every GD step i < T and for every comparator Z (three random ones, W_0, W_T):
 *  (0) the note R̂^{(i)}(W_i) = R̂(W_i);
 *  (1) the distance decomposition ‖W_{i+1} − Z‖² = ‖W_i − Z‖² − 2η⟨∇R̂(W_i), W_i − Z⟩ + η²‖∇R̂(W_i)‖², with W_{i+1} the
 *      optimizer's actual next iterate and ∇R̂(W_i) recomputed by the hand-written gradient;
 *  (2) the third term: ‖∇R̂(W_i)‖² ≤ min{1, R̂(W_i)}² ≤ R̂(W_i);
 *  (3) the second term: ⟨∇R̂(W_i), Z − W_i⟩ ≤ R̂^{(i)}(Z) − R̂(W_i);
 *  (4) the reordered step (2 − η)R̂(W_i) − 2R̂^{(i)}(Z) ≤ (‖W_i − Z‖² − ‖W_{i+1} − Z‖²)/η.
 * Tolerance: (1) is an identity, so only rounding: RELU_ROUND times the magnitudes of its terms, plus the rounding of
 * the update itself (`updateRounding`: W_{i+1} − Z can be tiny next to W, e.g. Z = W_0 when ηg ≈ 1e-12 — found by the
 * thorough profile); the inequalities likewise allow RELU_ROUND of their magnitudes.
 */
function proofSteps(direction?: (s: ReluSetting) => (i: number, W: Float64Array, g: Float64Array) => Float64Array) {
  return (s: ReluSetting) => {
    const run = reluGdTrace(s, direction?.(s));
    const opts = { sigmaPrimeAtZero: s.sigmaPrimeAtZero };
    const T = s.steps;
    const Zs: [string, Float64Array][] = [...s.Zs.map((z, q) => [`random Z${q}`, z] as [string, Float64Array]), ['W_0', run.W[0]], ['W_T', run.W[T]]];
    const dot = (A: Float64Array, B: Float64Array) => A.reduce((acc, v, p) => acc + v * B[p], 0);
    const dist2 = (A: Float64Array, B: Float64Array) => A.reduce((acc, v, p) => acc + (v - B[p]) ** 2, 0);
    const fail = (step: string, i: number, detail: string) => {
      throw new ClaimViolation(`lemma-9-4-proof-steps [n=${s.n}, d=${s.d}, m=${s.m}, η=${s.eta}, σ'(0)=${s.sigmaPrimeAtZero}] step ${step} at i=${i}: ${detail}`, { i, n: s.n, m: s.m, eta: s.eta });
    };
    let minGradRoom = Infinity, minConvexRoom = Infinity, worstIdentity = 0;
    for (let i = 0; i < T; i++) {
      const W = run.W[i], g = run.grad[i], R = run.risk[i], g2 = dot(g, g);
      const self = reluLinearizedRisk(W, W, s.a, s.m, s.d, s.X, s.y, s.n, opts);
      if (Math.abs(self - R) > RELU_ROUND * (R + 1)) fail('(0)', i, `R̂⁽ⁱ⁾(W_i) = ${fmt(self)} ≠ R̂(W_i) = ${fmt(R)}`);
      if (g2 > Math.min(1, R) ** 2 * (1 + RELU_ROUND) || Math.min(1, R) ** 2 > R * (1 + RELU_ROUND)) fail('(2)', i, `‖∇R̂‖² = ${fmt(g2)}, min{1, R̂}² = ${fmt(Math.min(1, R) ** 2)}, R̂ = ${fmt(R)}`);
      minGradRoom = Math.min(minGradRoom, 1 - g2 / Math.min(1, R) ** 2);
      for (const [name, Z] of Zs) {
        const before = dist2(W, Z), after = dist2(run.W[i + 1], Z), inner = dot(g, W.map((v, p) => v - Z[p]));
        const predicted = before - 2 * s.eta * inner + s.eta ** 2 * g2;
        const idTol = RELU_ROUND * (before + after + 2 * s.eta * Math.abs(inner) + s.eta ** 2 * g2) + updateRounding(W, run.W[i + 1], s.eta, g, after);
        const miss = Math.abs(after - predicted);
        worstIdentity = Math.max(worstIdentity, miss === 0 ? 0 : miss / idTol);
        if (miss > idTol) fail('(1)', i, `Z = ${name}: ‖W_{i+1} − Z‖² = ${after.toPrecision(12)} but the decomposition gives ${predicted.toPrecision(12)}, off by ${fmt(miss)} (tol ${fmt(idTol)})`);
        const RZ = reluLinearizedRisk(W, Z, s.a, s.m, s.d, s.X, s.y, s.n, opts);
        const conv = RZ - R + inner; // ⟨∇R̂, Z − W⟩ = −inner must be ≤ RZ − R
        minConvexRoom = Math.min(minConvexRoom, conv / (Math.abs(RZ) + R + Math.abs(inner) || 1));
        if (conv < -RELU_ROUND * (Math.abs(RZ) + R + Math.abs(inner))) fail('(3)', i, `Z = ${name}: ⟨∇R̂(W_i), Z − W_i⟩ = ${fmt(-inner)} > R̂⁽ⁱ⁾(Z) − R̂(W_i) = ${fmt(RZ - R)}`);
        const left = (2 - s.eta) * R - 2 * RZ, right = (before - after) / s.eta;
        if (left > right + RELU_ROUND * (Math.abs(left) + (before + after) / s.eta) + updateRounding(W, run.W[i + 1], s.eta, g, after) / s.eta) fail('(4)', i, `Z = ${name}: (2 − η)R̂ − 2R̂⁽ⁱ⁾(Z) = ${fmt(left)} > ${fmt(right)}`);
      }
    }
    return { figures: { n: s.n, d: s.d, m: s.m, eta: s.eta, steps: T, minGradRoom, minConvexRoom, identityErrorOverTolerance: worstIdentity }, slack: Math.max(0, 1 - worstIdentity) };
  };
}

export const claim = defineClaim({
  id: 'lemma-9-4-proof-steps',
  title: 'The steps of Lemma 9.4\'s proof hold along GD on the two-layer ReLU net',
  group: 'C. Margins and gradient flow (two-layer ReLU)',
  topic: 'ReLU risk convergence',
  source: seed004('Proof sketch (Lemma 9.4)', 'Lemma 9.4, proof', ['telgarskyDlt', 'jiTelgarsky2020Polylog']),
  statement: '‖W_{i+1} − Z‖² = ‖W_i − Z‖² − 2η⟨∇R̂(W_i), W_i − Z⟩ + η²‖∇R̂(W_i)‖²; ‖∇R̂(W_i)‖² ≤ min{1, R̂(W_i)}² ≤ R̂(W_i); ⟨∇R̂(W_i), Z − W_i⟩ ≤ R̂^{(i)}(Z) − R̂(W_i)',
  assumptions: [
    'f(x; W) = m^{-1/2} Σ_j a_j σ(⟨x, w_j⟩), a_j = ±1 fixed; ‖x_k‖ ≤ 1 (any labels); logistic loss, R̂ the mean',
    'GD with 0 < η ≤ 1, σ\'(0) ∈ {0, ½, 1}, W_0 random or 0; n ≤ 16, d ≤ 5, m ≤ 64, T ≤ 300 steps (default profile)',
  ],
  measurement: 'each step at every i < T for 5 comparators Z; the decomposition uses the optimizer\'s actual W_{i+1}',
  expectation: 'confirmed when the identity holds to RELU_ROUND of its terms and each inequality holds to RELU_ROUND of its magnitudes',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => reluProperty(ctx, { trial: proofSteps(), decidedBy: 'GD on the two-layer ReLU net (src/models/relu2.ts reluGd)' }),
  control: {
    description: 'a perturbed gradient: GD steps along ∇R̂(W_i) + ½‖∇R̂(W_i)‖·v (v a fixed unit direction), so the decomposition with the true gradient breaks',
    check: (ctx: ClaimContext) => reluProperty(ctx, {
      trial: proofSteps((s) => {
        const v = s.Zs[0].map((_, p) => Math.cos(p + 1));
        const nv = Math.hypot(...v) || 1;
        return (_i, _W, g) => { const ng = Math.hypot(...g); return g.map((x, p) => x + (0.5 * ng * v[p]) / nv); };
      }),
      decidedBy: 'GD with a perturbed gradient',
    }),
  },
});
