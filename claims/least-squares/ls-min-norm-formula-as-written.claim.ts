import fc from 'fast-check';
import { ClaimViolation } from '../../src/harness/errors.js';
import { AssumptionError } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import { checkProperty } from '../../src/harness/property.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { leastSquaresProblem, squareSymmetricSystem, type LinearSystem } from '../../src/data/least-squares.js';
import { describeLs, distance, norm } from '../../src/experiments/least-squares.js';
import { DimensionMismatch, singularRange, slideLimitAsWritten } from '../../src/experiments/ls-closed-form.js';
import { minNormInterpolant } from '../../src/solvers/pinv.js';
import { redHerring } from '../../src/experiments/sources.js';

/**
 * The slide's w_∞ = (XᵀX)⁻¹Xy evaluated literally, with every product's shapes checked: an undefined product is
 * a measurement of the formula (violated, with the shapes), not a harness error. Where it is defined (d = n) it
 * is compared with the interpolant X(XᵀX)⁻¹y (= X⁻ᵀy, pinv verified by the Penrose identities).
 * FORMULA_TOL = 1e-10 relative: both sides are a few products and one inverse of a well-conditioned matrix
 * (κ(X) ≤ 4 for the square symmetric family, by diagonal dominance), so rounding is ≲ κ²·n·ε ≈ 1e-14; a wrong
 * formula is off by O(1).
 */
const FORMULA_TOL = 1e-10;

function slideFormulaIsTheMinNormSolution(s: LinearSystem) {
  const { n, d, X, y } = s;
  const { sigmaMin, sigmaMax } = singularRange(X, n, d);
  if (!(d >= n && sigmaMin >= 1e-6 * sigmaMax)) throw new AssumptionError(`X must be of full column rank (d ≥ n, σ_min > 0): n=${n}, d=${d}, σ_min = ${sigmaMin}`);
  const wRef = minNormInterpolant(X, n, d, y).w;
  const ref = { name: 'X(XᵀX)⁻¹y (interpolant of least norm)', x: Array.from({ length: d }, (_, k) => k + 1), y: Array.from(wRef) };
  let w: Float64Array;
  try {
    w = slideLimitAsWritten(X, n, d, y);
  } catch (e) {
    if (!(e instanceof DimensionMismatch)) throw e;
    throw new ClaimViolation(
      `ls-min-norm-formula-as-written [n=${n}, d=${d}]: (XᵀX)⁻¹Xy is undefined — ${e.message}; it is defined only when d = n (or n = 1, where (XᵀX)⁻¹ is a scalar and the formula is right). The limit of GD from 0 is X(XᵀX)⁻¹y (${d}×1), see ls-gd-from-zero-converges-to-min-norm`,
      { n, d, gramRows: e.leftShape[0], gramColumns: e.leftShape[1], xyRows: e.rightShape[0] },
      { title: `the corrected limit X(XᵀX)⁻¹y; the slide's formula has no value [n=${n}, d=${d}]`, xLabel: 'coordinate', yLabel: 'w_k', series: [ref] },
    );
  }
  const rel = distance(w, wRef) / (norm(wRef) || 1);
  const figures = { n, d, relDiff: rel, minNormNorm: norm(wRef) };
  const plot = { title: `(XᵀX)⁻¹Xy against X(XᵀX)⁻¹y [n=${n}, d=${d}]`, xLabel: 'coordinate', yLabel: 'w_k', series: [ref, { name: '(XᵀX)⁻¹Xy (slide)', x: ref.x, y: Array.from(w), role: 'predicted' as const }] };
  if (!(rel <= FORMULA_TOL))
    throw new ClaimViolation(`ls-min-norm-formula-as-written [n=${n}, d=${d}]: (XᵀX)⁻¹Xy is defined (d = n) but ${rel.toExponential(3)} (relative) from the interpolant X⁻ᵀy, tolerance ${FORMULA_TOL}`, figures, plot);
  return { figures, slack: 1 - rel / FORMULA_TOL, plot };
}

const NUM_RUNS = { smoke: 10, default: 30, thorough: 200 };

export const claim = defineClaim({
  id: 'ls-min-norm-formula-as-written',
  title: 'Least squares, as written on the slide: GD from zero converges to w_∞ = (XᵀX)⁻¹Xy',
  group: 'B. Least squares and the span argument',
  topic: 'min-norm solution',
  source: redHerring('"take GD to infinity": the limit as written on the slide'),
  statement: 'w_∞ = (XᵀX)⁻¹ X y  (as written), X ∈ R^{d×n}, d > n',
  assumptions: ['X ∈ R^{d×n}, d > n, of full column rank (verified); y = Xᵀw* for a planted w*'],
  measurement: 'the formula evaluated literally with shape-checked products; where defined, its distance to the verified min-norm interpolant',
  expectation: `the formula as written holds when it is defined and within ${FORMULA_TOL} (relative) of X(XᵀX)⁻¹y`,
  expected: 'violated',
  expectedReason: '(XᵀX)⁻¹ is n×n and Xy is d×1: the product is undefined for d > n ≥ 2 (and wrong for general square X)',
  asWritten: {
    explanation:
      "The slide 'GD + LS = a red herring' sums the series γΣ_i(I − γXXᵀ)^i Xy and writes the limit of GD from zero as w_∞ = (XᵀX)⁻¹Xy. With X ∈ R^{d×n} (points as columns, d > n) XᵀX is n×n while Xy is d×1, so the product does not exist unless d = n (or n = 1, where (XᵀX)⁻¹ is a scalar and the formula happens to be right); and even for square invertible X it equals X⁻¹X⁻ᵀXy, which is the interpolant X⁻ᵀy only for special X (e.g. symmetric). The limit is X(XᵀX)⁻¹y = (Xᵀ)⁺y — the same factors in the other order — the minimum-norm solution of Xᵀw = y that the slide goes on to name. That corrected statement is ls-gd-from-zero-converges-to-min-norm, confirmed.",
    correctedTwin: 'ls-gd-from-zero-converges-to-min-norm',
  },
  check: (ctx: ClaimContext) =>
    checkProperty(ctx, { arbitrary: leastSquaresProblem() as fc.Arbitrary<LinearSystem>, numRuns: ctx.budget(NUM_RUNS), trial: slideFormulaIsTheMinNormSolution, describeInput: (s) => describeLs({ p: s as never }), decidedBy: 'literal evaluation' }),
  control: {
    description: 'square symmetric invertible X (d = n): there (XᵀX)⁻¹Xy = X⁻¹y is the interpolant, so the literal check must hold — it can turn green',
    expected: 'confirmed',
    check: (ctx: ClaimContext) => checkProperty(ctx, { arbitrary: squareSymmetricSystem(), numRuns: ctx.budget(NUM_RUNS), trial: slideFormulaIsTheMinNormSolution }),
  },
});
