import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { boundPlot, describeRange, flowProperty, fmt, lenientLower, type FlowRun } from '../../src/experiments/flow-claims.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * Lemma 10.1 (norm part) in the form and on the range its proof gives. Since ‖x_i‖ ≤ 1, ⟨w, z_i⟩ ≤ ‖w‖, so
 * exp(−‖w(t)‖) ≤ L(w(t))/n ≤ (1 + log²c)/c by the corrected risk bound (c = 2tnγ̄² ≥ 1), i.e.
 *   ‖w(t)‖ ≥ log(2tnγ̄²) − log(1 + log²(2tnγ̄²)).
 * Decision: at every checkpoint with c ≥ 1, ‖w(t)‖ may fall below the bound by at most the integrator's error
 * estimate of w. Slack: the smallest (‖w‖ − bound)/‖w‖.
 */
function normBoundCorrected(run: FlowRun) {
  const { t, c, gamma, ds } = run;
  const idx = t.map((_, j) => j).filter((j) => c[j] >= 1);
  const bound = idx.map((j) => lenientLower((g) => { const l = Math.log(2 * t[j] * ds.n * g * g); return l - Math.log(1 + l * l); }, gamma));
  const fails: number[] = [];
  let slack = 1, worst = 0;
  idx.forEach((j, q) => {
    if (bound[q] - run.norm[j] > run.errNorm[j]) fails.push(c[j]);
    const s = (run.norm[j] - bound[q]) / run.norm[j];
    if (s < slack) { slack = s; worst = q; }
  });
  const jw = idx[worst];
  const figures = { n: ds.n, gammaBar: gamma, checkpoints: idx.length, worstT: t[jw], worstNorm: run.norm[jw], worstBound: bound[worst], normAtEnd: run.norm.at(-1)!, boundAtEnd: bound.at(-1)!, tEnd: t.at(-1)! };
  const plot = boundPlot('‖w(t)‖ against log c − log(1 + log² c), c = 2tnγ̄² ≥ 1', '‖w(t)‖', idx.map((j) => t[j]),
    { name: '‖w(t)‖', y: idx.map((j) => run.norm[j]) }, { name: 'log c − log(1 + log² c)', y: bound });
  if (fails.length)
    throw new ClaimViolation(
      `flow-norm-lower-bound-corrected [n=${ds.n}, γ̄=${fmt(gamma)}]: ‖w(t)‖ ≥ log c − log(1 + log² c) fails for ${describeRange(fails)}; ` +
        `at t=${fmt(t[jw])}: ‖w‖ = ${fmt(run.norm[jw])}, bound ${fmt(bound[worst])} (tol ${fmt(run.errNorm[jw])})`,
      figures, plot);
  return { figures, slack, plot };
}

export const claim = defineClaim({
  id: 'flow-norm-lower-bound-corrected',
  title: 'Lemma 10.1 as proved: ‖w(t)‖ ≥ log(2tnγ̄²) − log(1 + log²(2tnγ̄²)) for t ≥ 1/(2nγ̄²)',
  group: 'C. Margins and gradient flow',
  topic: 'norm bound',
  source: seed004('Gradient flow; Proof sketch (Claim 2)', 'Lemma 10.1 (norm bound), corrected from its proof'),
  statement: '‖w(t)‖ ≥ log(2tnγ̄²) − log(1 + log²(2tnγ̄²)) for every t ≥ 1/(2nγ̄²)',
  assumptions: [
    'data linearly separable through the origin (planted, verified by the SVM), ‖x_i‖ ≤ 1, 1 ≤ n ≤ 12, 1 ≤ d ≤ 4',
    'linear model, exponential loss, risk as a sum, gradient flow from w(0) = 0 (DOPRI5 with a global error estimate)',
  ],
  measurement: '‖w(t)‖ against the bound at every checkpoint with 2tnγ̄² ≥ 1, up to t = 1e30',
  expectation: 'confirmed when no checkpoint falls below the bound by more than the integrator\'s error estimate of w; slack = min (‖w‖ − bound)/‖w‖',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => flowProperty(ctx, { dynamics: 'exponential', trial: normBoundCorrected }),
  control: {
    description: 'the square-loss flow (no exponential tail): ‖w(t)‖ tends to the norm of the least-squares point while the bound grows like log t',
    check: (ctx: ClaimContext) => flowProperty(ctx, { dynamics: 'square', trial: normBoundCorrected }),
  },
});
