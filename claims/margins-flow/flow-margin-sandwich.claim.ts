import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { flowProperty, fmt, GAMMA_REL_TOL, REL_ROUND, type FlowRun } from '../../src/experiments/flow-claims.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * The remark after Theorem 10.1 as written: for some constant C, γ̄ − C/log t ≤ γ(w(t)) ≤ γ̄, with no range of t;
 * checked at every checkpoint t ∈ [1e-6, 1e30], t ≠ 1 (where C/log t is defined).
 * An existential C is refuted by the interval it must lie in: each t < 1 (log t < 0) demands
 * C ≤ (γ(w(t)) − γ̄)·|log t|, each t > 1 demands C ≥ (γ̄ − γ(w(t)))·log t. Decision: violated when the largest lower
 * limit exceeds the smallest upper limit by more than their error bars (the error estimate of γ times |log t|), or
 * when γ(w(t)) > γ̄ beyond rounding and γ̄'s certification. Since γ(w(t)) < γ̄ at small t on generic data, the upper
 * limit is negative while the lower one is positive: no C fits. The bound is meant for large t: see the corrected twin.
 */
function sandwichAsWritten(run: FlowRun) {
  const { t, gamma, ds } = run;
  let cUpper = Infinity, cLower = -Infinity, jU = -1, jL = -1, above = -1;
  t.forEach((tt, j) => {
    const lt = Math.log(tt);
    const gap = gamma - run.margin[j], e = run.errMargin[j] * Math.abs(lt);
    if (run.margin[j] > gamma * (1 + GAMMA_REL_TOL) + REL_ROUND * (1 + Math.abs(run.margin[j]))) above = j;
    if (lt < 0 && -gap * -lt + e < cUpper) { cUpper = -gap * -lt + e; jU = j; }
    if (lt > 0 && gap * lt - e > cLower) { cLower = gap * lt - e; jL = j; }
  });
  const figures = { n: ds.n, gammaBar: gamma, cMustBeAtMost: cUpper, cMustBeAtLeast: cLower, tEnd: t.at(-1)! };
  const plot = {
    title: '(γ̄ − γ(w(t)))·log t: a constant C must bound it above for t > 1 and below for t < 1', xLabel: 't', yLabel: '(γ̄ − γ)·log t', xLog: true,
    series: [{ name: '(γ̄ − γ(w(t)))·log t', x: t, y: t.map((tt, j) => (gamma - run.margin[j]) * Math.log(tt)) }],
  };
  if (above >= 0)
    throw new ClaimViolation(`flow-margin-sandwich [n=${ds.n}]: γ(w(t)) = ${fmt(run.margin[above])} > γ̄ = ${fmt(gamma)} at t=${fmt(t[above])}`, figures, plot);
  if (cLower > cUpper)
    throw new ClaimViolation(
      `flow-margin-sandwich [n=${ds.n}, γ̄=${fmt(gamma)}]: no constant C gives γ̄ − C/log t ≤ γ(w(t)) for all t ≠ 1: ` +
        `t=${fmt(t[jU])} (log t < 0, γ = ${fmt(run.margin[jU])}) needs C ≤ ${fmt(cUpper)}, t=${fmt(t[jL])} (γ = ${fmt(run.margin[jL])}) needs C ≥ ${fmt(cLower)}`,
      figures, plot);
  return { figures, slack: 1, plot };
}

export const claim = defineClaim({
  id: 'flow-margin-sandwich',
  title: 'Remark after Theorem 10.1 as written: γ̄ − C/log t ≤ γ(w(t)) ≤ γ̄ for some C and every t',
  group: 'C. Margins and gradient flow',
  topic: 'margin sandwich (as written)',
  source: seed004('Linear case', 'Theorem 10.1, remark (sandwich bound)'),
  statement: '∃C: γ̄ − C/log t ≤ γ(w(t)) ≤ γ̄ for every t > 0, t ≠ 1',
  assumptions: [
    'data linearly separable through the origin (planted, verified by the SVM), ‖x_i‖ ≤ 1, 1 ≤ n ≤ 12, 1 ≤ d ≤ 4',
    'linear model, exponential loss, risk as a sum, gradient flow from w(0) = 0 (DOPRI5 with a global error estimate)',
  ],
  measurement: 'γ(w(t)) = min_i⟨w(t), z_i⟩/‖w(t)‖ at every checkpoint; the interval of C allowed by the checkpoints t < 1 and t > 1',
  expectation: 'violated when the checkpoints leave no admissible C (beyond the error bars), or γ(w(t)) exceeds γ̄',
  expected: 'violated',
  expectedReason: 'for t < 1, log t < 0 and γ̄ − C/log t > γ̄ ≥ γ(w(t)) for any C > 0, while t > 1 forces C > 0 unless w(t) stays on ū',
  asWritten: {
    explanation:
      'The sandwich is stated for every t, but C/log t changes sign at t = 1: for t < 1 any C > 0 puts the lower bound above γ̄, and any C ≤ 0 fails for t > 1 as soon as γ(w(t)) < γ̄ there, ' +
      'which is the generic case (it holds with C = 0 only when w(t) stays on the max-margin ray, e.g. n = 1). It inherits its range from Theorem 10.1, whose proof covers 2tnγ̄² > e^{x*}; ' +
      'the corrected twin states it for t ≥ max(e, e^{2x*}/(2nγ̄²)) with the constant C = log n · sup log t/D(t) that the proof gives. The catalogue expected "confirmed" for this entry; the literal reading fails.',
    correctedTwin: 'flow-margin-sandwich-corrected',
  },
  check: (ctx: ClaimContext) => flowProperty(ctx, { dynamics: 'exponential', trial: sandwichAsWritten }),
  control: {
    description: 'the same check on the square-loss flow (its margin stays at that of a finite point, below γ̄ at large t as well)',
    check: (ctx: ClaimContext) => flowProperty(ctx, { dynamics: 'square', trial: sandwichAsWritten }),
  },
});
