import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import { checkProperty } from '../../src/harness/property.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { describeLs, type LsInput } from '../../src/experiments/least-squares.js';
import { closedFormInput, compareClosedForm } from '../../src/experiments/ls-closed-form.js';
import { redHerring } from '../../src/experiments/sources.js';

/**
 * The slide's index, checked literally: GD's w_{k+1} against its right-hand side at k. That right-hand side is
 * w_k (see ls-iterate-closed-form), so the two differ by one step, γ‖X(Xᵀw_k − y)‖, which is zero only where
 * w_k already interpolates. Tolerance as in the corrected twin (4·ε·i·d relative, beside closedFormTolerance):
 * a visible one-step gap is many orders above it; late in a fast run the step itself fades below rounding, so
 * the search finds the break at small k.
 */
function slideIndexMatchesGd(input: LsInput & { k: number }) {
  const { p, k, fraction } = input;
  const c = compareClosedForm(input, { shift: 1 });
  const worst = c.relDiff.reduce((m, r, i) => Math.max(m, r / c.tolerance[i]), 0);
  const figures = { n: p.n, d: p.d, k, stepTimesSigmaMax2: fraction, worstDiffOverTolerance: worst, relDiffAtZero: c.relDiff[0] };
  const plot = {
    title: `w_{i+1} against the slide's right-hand side at i [n=${p.n}, d=${p.d}]`,
    xLabel: 'i',
    yLabel: '‖w_{i+1} − RHS_i‖ (relative)',
    yLog: true,
    series: [
      { name: '‖w_{i+1} − RHS_i‖ (one GD step)', x: c.index, y: c.relDiff.map((r) => Math.max(r, 1e-18)) },
      { name: 'rounding tolerance 4·ε·i·d', x: c.index, y: c.tolerance, role: 'bound' as const },
    ],
  };
  if (c.firstBreak >= 0) {
    const i = c.firstBreak;
    throw new ClaimViolation(
      `ls-iterate-closed-form-as-written [n=${p.n}, d=${p.d}, γσ_max² = ${fraction}]: w_{${i + 1}} differs from the slide's (I − γXXᵀ)^${i} w_0 + γΣ_{j=0}^{${i - 1}}(I − γXXᵀ)^j Xy${i === 0 ? ' (k = 0: the sum is empty)' : ''} by ${c.relDiff[i].toExponential(3)} (relative; tolerance ${c.tolerance[i].toExponential(2)}): that expression is w_${i}, one GD step behind — the slide's index is off by one`,
      figures,
      plot,
    );
  }
  return { figures, slack: 1 - worst, plot };
}

const NUM_RUNS = { smoke: 10, default: 40, thorough: 200 };

export const claim = defineClaim({
  id: 'ls-iterate-closed-form-as-written',
  title: 'Least squares, as written on the slide: w_{k+1} = (I − γXXᵀ)^k w_0 + γΣ_{i=0}^{k−1}(I − γXXᵀ)^i Xy',
  group: 'B. Least squares and the span argument',
  topic: 'closed form of the iterates',
  source: redHerring('the unrolled GD iterates, index as written on the slide'),
  statement: 'w_{k+1} = (I − γXXᵀ)^k w_0 + γ Σ_{i=0}^{k−1} (I − γXXᵀ)^i X y  (as written)',
  assumptions: [
    'X ∈ R^{d×n}, d > n, full column rank (verified); y = Xᵀw* for a planted w*',
    'w_0 ∈ [−1, 1]^d; step γ = f/σ_max², f ∈ [0.05, 1.95] (checked); k ∈ [0, 40]',
  ],
  measurement: "relative distance between GD's w_{i+1} and the slide's right-hand side at i, for every i ≤ k",
  expectation: 'the formula as written holds when they agree within 4·ε·i·d at every i (the corrected twin\'s tolerance)',
  expected: 'violated',
  expectedReason: 'the right-hand side is w_k, not w_{k+1}: the slide unrolls the recursion one step too few',
  asWritten: {
    explanation:
      "The slide 'GD + LS = a red herring' unrolls GD on min ‖Xᵀw − y‖² and writes w_{k+1} = (I − γXXᵀ)^k w_0 + γΣ_{i=0}^{k−1}(I − γXXᵀ)^i Xy. Unrolling w_{j+1} = (I − γXXᵀ)w_j + γXy k times from w_0 gives that expression for w_k, not w_{k+1}: the power and the last index of the sum are both one short (its own second line, w_{k+1} = (I − γXXᵀ)²w_{k−1} + …, already shows the power is the number of steps). Checked literally, w_{k+1} differs from the right-hand side by one GD step, γ‖X(Xᵀw_k − y)‖, which vanishes only at an interpolant. The corrected statement, with w_k on the left, is ls-iterate-closed-form, confirmed to rounding; the off-by-one does not affect the slide's limit k → ∞.",
    correctedTwin: 'ls-iterate-closed-form',
  },
  check: (ctx: ClaimContext) =>
    checkProperty(ctx, { arbitrary: closedFormInput(), numRuns: ctx.budget(NUM_RUNS), trial: slideIndexMatchesGd, describeInput: describeLs, decidedBy: 'exact recursion vs explicit matrix powers' }),
  control: {
    description: 'GD started at the teacher w* (an interpolant, so a fixed point of GD): w_{k+1} = w_k and the index no longer matters — the literal check must hold',
    expected: 'confirmed',
    check: (ctx: ClaimContext) => checkProperty(ctx, { arbitrary: closedFormInput('teacher'), numRuns: ctx.budget(NUM_RUNS), trial: slideIndexMatchesGd, describeInput: describeLs }),
  },
});
