import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { boundPlot, describeRange, flowProperty, fmt, lenientUpper, type FlowRun } from '../../src/experiments/flow-claims.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * Lemma 10.1 (risk part) in the form and on the range its proof on the slide gives. With c = 2ntγ̄² ≥ 1 (i.e.
 * t ≥ 1/(2nγ̄²)), z = log(c)·ū/γ̄ has L(z) ≤ n/c and ‖z‖² = log²c/γ̄², so L(w(t)) ≤ L(z) + ‖z‖²/(2t) reads
 *   L(w(t)) ≤ (1 + log²(2ntγ̄²)) / (2tγ̄²).
 * Decision: at every checkpoint with c ≥ 1, log L(w(t)) may exceed the log of the bound by at most the integrator's
 * error estimate of log L. Slack: the smallest 1 − L/bound over the checkpoints.
 * Also measured (not asserted): the slide's literal (1 + log c) form on the same range, figure `literalMinLogSlack`.
 */
function riskBoundCorrected(run: FlowRun) {
  const { t, c, gamma, ds } = run;
  const idx = t.map((_, j) => j).filter((j) => c[j] >= 1);
  const bound = idx.map((j) => lenientUpper((g) => (1 + Math.log(2 * ds.n * t[j] * g * g) ** 2) / (2 * t[j] * g * g), gamma));
  const literal = idx.map((j) => (1 + Math.log(c[j])) / (2 * t[j] * gamma * gamma));
  const fails: number[] = [];
  let slack = 1, worst = 0, literalMinLogSlack = Infinity;
  idx.forEach((j, q) => {
    const excess = run.logRisk[j] - Math.log(bound[q]) - run.errLogRisk[j];
    if (excess > 0) fails.push(c[j]);
    const s = 1 - Math.exp(run.logRisk[j]) / bound[q];
    if (s < slack) { slack = s; worst = q; }
    literalMinLogSlack = Math.min(literalMinLogSlack, Math.log(literal[q]) - run.logRisk[j]);
  });
  const jw = idx[worst];
  const figures = { n: ds.n, gammaBar: gamma, checkpoints: idx.length, tStart: t[idx[0]], worstT: t[jw], worstRisk: Math.exp(run.logRisk[jw]), worstBound: bound[worst], literalMinLogSlack, tEnd: t.at(-1)! };
  const plot = boundPlot('L(w(t)) against (1 + log² 2ntγ̄²)/(2tγ̄²), t ≥ 1/(2nγ̄²)', 'risk', idx.map((j) => t[j]),
    { name: 'L(w(t))', y: idx.map((j) => Math.exp(run.logRisk[j])) }, { name: '(1 + log² c)/(2tγ̄²)', y: bound }, true);
  if (fails.length)
    throw new ClaimViolation(
      `flow-risk-bound-corrected [n=${ds.n}, γ̄=${fmt(gamma)}]: L(w(t)) ≤ (1 + log² 2ntγ̄²)/(2tγ̄²) fails for ${describeRange(fails)}; ` +
        `at t=${fmt(t[jw])}: L = ${fmt(Math.exp(run.logRisk[jw]))}, bound ${fmt(bound[worst])} (tol: error estimate of log L, ${fmt(run.errLogRisk[jw])})`,
      figures, plot);
  return { figures, slack, plot };
}

export const claim = defineClaim({
  id: 'flow-risk-bound-corrected',
  title: 'Lemma 10.1 as proved: gradient-flow risk ≤ (1 + log² 2ntγ̄²)/(2tγ̄²) for t ≥ 1/(2nγ̄²)',
  group: 'C. Margins and gradient flow',
  topic: 'risk bound',
  source: seed004('Gradient flow; Proof sketch (Claim 1)', 'Lemma 10.1 (risk bound), corrected from its proof'),
  statement: 'L(w(t)) ≤ (1 + log²(2ntγ̄²)) / (2tγ̄²) for every t ≥ 1/(2nγ̄²)',
  assumptions: [
    'data linearly separable through the origin (planted, verified by the SVM), ‖x_i‖ ≤ 1, 1 ≤ n ≤ 12, 1 ≤ d ≤ 4',
    'linear model, exponential loss, risk as a sum, gradient flow from w(0) = 0 (DOPRI5 with a global error estimate)',
  ],
  measurement: 'log L(w(t)) against the log of the bound at every checkpoint with 2ntγ̄² ≥ 1, up to t = 1e30',
  expectation: 'confirmed when no checkpoint exceeds the bound by more than the integrator\'s error estimate of log L; slack = min 1 − L/bound',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => flowProperty(ctx, { dynamics: 'exponential', trial: riskBoundCorrected }),
  control: {
    description: 'the square-loss flow (no exponential tail): w(t) tends to the least-squares point, the exponential risk stops decaying',
    check: (ctx: ClaimContext) => flowProperty(ctx, { dynamics: 'square', trial: riskBoundCorrected }),
  },
});
