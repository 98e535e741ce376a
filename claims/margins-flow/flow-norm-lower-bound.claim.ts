import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { boundPlot, describeRange, flowProperty, fmt, lenientLower, type FlowRun } from '../../src/experiments/flow-claims.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * Lemma 10.1 (norm part) exactly as the slide writes it, ‖w(t)‖ ≥ log c − log(1 + log c) with c = 2tnγ̄², at every
 * checkpoint where the right side is defined (1 + log c > 0, i.e. c > 1/e), from c just above 1/e up to t = 1e30.
 * Decision: a checkpoint fails when ‖w(t)‖ falls below the bound by more than the integrator's error estimate of w.
 * Finding: as c ↓ 1/e the right side tends to +∞ while ‖w(t)‖ is small, so the statement fails just above
 * c = 1/e on every dataset. The proof (Claim 2) applies ℓ⁻¹ to the risk bound divided by n; with the risk bound its
 * own proof gives, (1 + log²c)/c, on c ≥ 1, it yields log c − log(1 + log²c): `flow-norm-lower-bound-corrected`.
 */
function normBoundAsWritten(run: FlowRun) {
  const { t, c, gamma, ds } = run;
  const idx = t.map((_, j) => j).filter((j) => 1 + Math.log(c[j]) > 0);
  const bound = idx.map((j) => lenientLower((g) => { const l = Math.log(2 * t[j] * ds.n * g * g); return l - Math.log(1 + l); }, gamma));
  const fails: number[] = [];
  let worst = 0, worstDeficit = -Infinity, minMarginBeyondC1 = Infinity;
  idx.forEach((j, q) => {
    const deficit = bound[q] - run.norm[j] - run.errNorm[j];
    if (deficit > 0) fails.push(c[j]);
    if (deficit > worstDeficit) { worstDeficit = deficit; worst = q; }
    if (c[j] >= 1) minMarginBeyondC1 = Math.min(minMarginBeyondC1, -deficit);
  });
  const jw = idx[worst];
  const figures = { n: ds.n, gammaBar: gamma, failingCheckpoints: fails.length, checkpoints: idx.length,
    cMinFail: fails.length ? Math.min(...fails) : NaN, cMaxFail: fails.length ? Math.max(...fails) : NaN, minMarginBeyondC1, tEnd: t.at(-1)! };
  const plot = boundPlot('‖w(t)‖ against the slide\'s bound log c − log(1 + log c), c = 2tnγ̄²', '‖w(t)‖', idx.map((j) => t[j]),
    { name: '‖w(t)‖', y: idx.map((j) => run.norm[j]) }, { name: 'log c − log(1 + log c)', y: bound });
  if (fails.length)
    throw new ClaimViolation(
      `flow-norm-lower-bound [n=${ds.n}, γ̄=${fmt(gamma)}]: ‖w(t)‖ ≥ log(2tnγ̄²) − log(1 + log(2tnγ̄²)) fails for ${describeRange(fails)}; ` +
        `worst at t=${fmt(t[jw])} (c = ${fmt(c[jw])}): ‖w‖ = ${fmt(run.norm[jw])}, bound ${fmt(bound[worst])} (tol ${fmt(run.errNorm[jw])}). ` +
        `Where c ≥ 1 the literal bound held with room ≥ ${fmt(minMarginBeyondC1)}`,
      { ...figures, worstT: t[jw], worstNorm: run.norm[jw], worstBound: bound[worst] }, plot);
  return { figures, slack: 1, plot };
}

export const claim = defineClaim({
  id: 'flow-norm-lower-bound',
  title: 'Lemma 10.1 as written: ‖w(t)‖ ≥ log(2tnγ̄²) − log(1 + log(2tnγ̄²)) wherever defined',
  group: 'C. Margins and gradient flow',
  topic: 'norm bound (as written)',
  source: seed004('Gradient flow', 'Lemma 10.1 (norm bound)'),
  statement: '‖w(t)‖ ≥ log(2tnγ̄²) − log(1 + log(2tnγ̄²)) for every t > 0 where the right side is defined (2tnγ̄² > 1/e)',
  assumptions: [
    'data linearly separable through the origin (planted, verified by the SVM), ‖x_i‖ ≤ 1, 1 ≤ n ≤ 12, 1 ≤ d ≤ 4',
    'linear model, exponential loss, risk as a sum, gradient flow from w(0) = 0 (DOPRI5 with a global error estimate)',
  ],
  measurement: '‖w(t)‖ against the bound at every checkpoint with 2tnγ̄² > 1/e (log grid up to 1e30 plus c = e^{-1}(1 + 10^{-k}), k = 1..8)',
  expectation: 'violated when some checkpoint falls below the bound by more than the integrator\'s error estimate of w',
  expected: 'violated',
  expectedReason: 'as 2tnγ̄² decreases to 1/e the right side tends to +∞ while ‖w(t)‖ stays small',
  asWritten: {
    explanation:
      'The right side log c − log(1 + log c) is defined for c = 2tnγ̄² > 1/e and tends to +∞ as c ↓ 1/e, where ‖w(t)‖ is small: the bound fails there on every dataset (largest failing c on 300 datasets ≈ 0.575). ' +
      'The proof (Claim 2) applies ℓ⁻¹ to ℓ(‖w(t)‖) ≤ L(w(t))/n and to the risk bound, whose proof needs c ≥ 1 and gives (1 + log²c)/(2tγ̄²); the resulting ‖w(t)‖ ≥ log c − log(1 + log²c) on c ≥ 1 is the corrected twin. ' +
      'On c ≥ 1 the literal bound also held in every trial; it follows from L(w(t)) ≤ n/(1 + c/2) (d(1/L)/dt ≥ γ̄²), since (1 + c/2)(1 + log c) ≥ c there.',
    correctedTwin: 'flow-norm-lower-bound-corrected',
  },
  check: (ctx: ClaimContext) => flowProperty(ctx, { dynamics: 'exponential', trial: normBoundAsWritten }),
  control: {
    description: 'the same check on the square-loss flow (no exponential tail: ‖w(t)‖ stays bounded, so it also fails for large t)',
    check: (ctx: ClaimContext) => flowProperty(ctx, { dynamics: 'square', trial: normBoundAsWritten }),
  },
});
