import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import { checkProperty } from '../../src/harness/property.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { describeLs, type LsInput } from '../../src/experiments/least-squares.js';
import { closedFormInput, compareClosedForm } from '../../src/experiments/ls-closed-form.js';
import { redHerring } from '../../src/experiments/sources.js';

/**
 * Unrolling w_{i+1} = (I − γXXᵀ)w_i + γXy gives w_k = (I − γXXᵀ)^k w_0 + γ Σ_{i<k} (I − γXXᵀ)^i X y exactly, so the
 * GD iterate and the closed form (evaluated with explicit matrix powers) must agree to rounding at every i ≤ k.
 * The tolerance, 4·ε·i·d relative to ‖w_0‖ + iγ‖Xy‖, is explained beside closedFormTolerance (measured worst
 * 0.13·ε·i·d). `gdGammaScale` lets the control run a GD whose step is off by the slide's factor ½.
 */
function closedFormMatchesGd(gdGammaScale: number) {
  return (input: LsInput & { k: number }) => {
    const { p, k, fraction } = input;
    const c = compareClosedForm(input, { shift: 0, gdGammaScale });
    const worst = c.relDiff.reduce((m, r, i) => Math.max(m, r / c.tolerance[i]), 0);
    const figures = { n: p.n, d: p.d, k, stepTimesSigmaMax2: fraction, worstDiffOverTolerance: worst, relDiffAtK: c.relDiff[k] };
    const plot = {
      title: `GD iterate against the closed form [n=${p.n}, d=${p.d}]`,
      xLabel: 'i',
      yLabel: '‖w_i − CF_i‖ (relative)',
      yLog: true,
      series: [
        { name: '‖w_i − CF_i‖', x: c.index, y: c.relDiff.map((r) => Math.max(r, 1e-18)) },
        { name: 'rounding tolerance 4·ε·i·d', x: c.index, y: c.tolerance, role: 'bound' as const },
      ],
    };
    if (c.firstBreak >= 0)
      throw new ClaimViolation(
        `ls-iterate-closed-form [n=${p.n}, d=${p.d}, γσ_max² = ${fraction}]: at i = ${c.firstBreak} the GD iterate differs from (I − γXXᵀ)^i w_0 + γΣ_{j<i}(I − γXXᵀ)^j Xy by ${c.relDiff[c.firstBreak].toExponential(3)} (relative), tolerance ${c.tolerance[c.firstBreak].toExponential(2)}`,
        figures,
        plot,
      );
    return { figures, slack: 1 - worst, plot };
  };
}

const NUM_RUNS = { smoke: 10, default: 60, thorough: 300 };

export const claim = defineClaim({
  id: 'ls-iterate-closed-form',
  title: 'Least squares: the k-th GD iterate has the closed form (I − γXXᵀ)^k w_0 + γΣ_{i<k}(I − γXXᵀ)^i Xy',
  group: 'B. Least squares and the span argument',
  topic: 'closed form of the iterates',
  source: redHerring('the unrolled GD iterates (corrected index: the right-hand side is w_k)'),
  statement: 'w_k = (I − γXXᵀ)^k w_0 + γ Σ_{i=0}^{k−1} (I − γXXᵀ)^i X y  for w_{k+1} = w_k − γX(Xᵀw_k − y)',
  assumptions: [
    'X ∈ R^{d×n}, d > n, full column rank (verified); any y',
    'any w_0 (drawn in [−1, 1]^d); step γ = f/σ_max², f ∈ [0.05, 1.95] (checked < 2/σ_max²); k ∈ [0, 40]',
  ],
  measurement: 'relative distance between the GD iterate and the closed form (matrix powers) at every i ≤ k',
  expectation: 'confirmed when they agree within 4·ε·i·d at every i (reasoning beside closedFormTolerance)',
  expected: 'confirmed',
  check: (ctx: ClaimContext) =>
    checkProperty(ctx, { arbitrary: closedFormInput(), numRuns: ctx.budget(NUM_RUNS), trial: closedFormMatchesGd(1), describeInput: describeLs, decidedBy: 'exact recursion vs explicit matrix powers' }),
  control: {
    description: 'a GD whose step applies the slide\'s ½ twice (w − (γ/2)X(Xᵀw − y)): its iterates are not the closed form with γ',
    check: (ctx: ClaimContext) => checkProperty(ctx, { arbitrary: closedFormInput(), numRuns: ctx.budget(NUM_RUNS), trial: closedFormMatchesGd(0.5), describeInput: describeLs }),
  },
});
