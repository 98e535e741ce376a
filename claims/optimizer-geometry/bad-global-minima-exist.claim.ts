import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import { checkProperty } from '../../src/harness/property.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { leastSquaresProblem, testRisk, testSignError, type LeastSquaresProblem } from '../../src/data/least-squares.js';
import { describeLs, lsReference, norm } from '../../src/experiments/least-squares.js';
import { badGlobalMinima } from '../../src/experiments/sources.js';

/**
 * The linear form of "bad global minima exist": on over-parameterized least squares (d > n) the teacher w* is a
 * global minimum (zero training error) with test risk 0, and so is w* + c·u for any u in the null space of Xᵀ —
 * whose test risk under the planted distribution (x ~ N(0, I), y = ⟨w*, x⟩) is exactly c². For every target R in
 * TARGETS the construction picks c = √R, u = the unit direction of −P_null(w*) (which also turns the test sign
 * error past ½ as c grows, when w* has a part outside the span), and verifies:
 * - zero training error: ‖Xᵀw − y‖/(σ_max‖w‖) ≤ TRAIN_TOL = 1e-12. The null-space projector is the verified
 *   pseudo-inverse's M⁺M, exact to ≲ κ·ε·d ≈ 1e-14 here (κ ≤ 5.3); measured ≤ 2e-16.
 * - test risk ≥ R (it is c² = R up to rounding).
 */
const TRAIN_TOL = 1e-12;
const TARGETS = [1, 1e2, 1e4, 1e6];

function badInterpolantsExist(direction: 'null-space' | 'along-teacher') {
  return (p: LeastSquaresProblem) => {
    const ref = lsReference(p);
    let raw = p.teacher.map((v) => -v);
    if (!(norm(ref.projectNull(raw)) > 1e-9 * (norm(raw) || 1))) raw = Float64Array.from({ length: p.d }, (_, k) => (k === 0 ? 1 : 0));
    const v = direction === 'null-space' ? ref.projectNull(raw) : raw;
    const u = v.map((x) => x / norm(v));
    const figures: Record<string, number> = { n: p.n, d: p.d, teacherTrainResidual: ref.residual(p.teacher), teacherTestRisk: testRisk(p, p.teacher), teacherOutsideSpan: norm(ref.projectNull(p.teacher)) };
    const risks: number[] = [];
    const signErrors: number[] = [];
    let worst = 0;
    for (const R of TARGETS) {
      const c = Math.sqrt(R);
      const w = p.teacher.map((x, k) => x + c * u[k]);
      const train = ref.residual(w) / (ref.sigmaMax * norm(w));
      const risk = testRisk(p, w);
      risks.push(risk);
      signErrors.push(testSignError(p, w));
      Object.assign(figures, { [`R${R}TrainResidual`]: train, [`R${R}TestRisk`]: risk, [`R${R}SignError`]: signErrors.at(-1)! });
      worst = Math.max(worst, train / TRAIN_TOL);
      const plot = {
        title: `interpolants w* + √R·u: test risk and sign error [n=${p.n}, d=${p.d}]`,
        xLabel: 'target test risk R',
        yLabel: 'measured',
        xLog: true,
        yLog: true,
        series: [
          { name: 'test risk ‖w − w*‖²', x: TARGETS.slice(0, risks.length), y: risks },
          { name: 'target R', x: TARGETS, y: TARGETS, role: 'bound' as const },
        ],
      };
      const where = `bad-global-minima-exist [n=${p.n}, d=${p.d}, target test risk ${R}, bad component ${direction === 'null-space' ? 'in the null space' : 'along −w*'}]`;
      if (!(train <= TRAIN_TOL))
        throw new ClaimViolation(`${where}: w* + ${c.toPrecision(3)}·u has training residual ${train.toExponential(3)} (relative) > ${TRAIN_TOL}: not a global minimum`, figures, plot);
      if (!(risk >= R * (1 - 1e-9))) throw new ClaimViolation(`${where}: test risk ${risk.toPrecision(4)} < ${R}`, figures, plot);
    }
    const plot = { title: `interpolants w* + √R·u [n=${p.n}, d=${p.d}]`, xLabel: 'target test risk R', yLabel: 'measured', xLog: true, yLog: true, series: [{ name: 'test risk', x: TARGETS, y: risks }, { name: 'test sign error', x: TARGETS, y: signErrors }] };
    return { figures, slack: 1 - worst, plot };
  };
}

const NUM_RUNS = { smoke: 10, default: 50, thorough: 300 };

export const claim = defineClaim({
  id: 'bad-global-minima-exist',
  title: 'Bad global minima exist: zero-training-error linear solutions with test error as bad as you like',
  group: 'E. Bad global minima',
  topic: 'bad global minima',
  source: badGlobalMinima(),
  statement: 'd > n: for every R > 0 there is w with Xᵀw = y (a global minimum of ‖Xᵀw − y‖²) and test risk ≥ R; the teacher w* is another global minimum, with test risk 0',
  assumptions: [
    'X ∈ R^{d×n}, d > n, full column rank (verified); y = Xᵀw* for a planted teacher w*',
    'test distribution x ~ N(0, I_d), y = ⟨w*, x⟩ (risk ‖w − w*‖² and sign error angle(w, w*)/π, exact)',
  ],
  measurement: 'training residual and exact test risk of w* + √R·u, u the unit direction of −P_null(w*), for R ∈ {1, 1e2, 1e4, 1e6}',
  expectation: `confirmed when every constructed w interpolates (relative residual ≤ ${TRAIN_TOL}) and has test risk ≥ R`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => checkProperty(ctx, { arbitrary: leastSquaresProblem(), numRuns: ctx.budget(NUM_RUNS), trial: badInterpolantsExist('null-space'), describeInput: (p) => describeLs({ p }), decidedBy: 'construction, verified' }),
  control: {
    description: 'the bad component taken along −w* itself instead of its null-space part: the result no longer fits the training data, so it is no global minimum',
    check: (ctx: ClaimContext) => checkProperty(ctx, { arbitrary: leastSquaresProblem(), numRuns: ctx.budget(NUM_RUNS), trial: badInterpolantsExist('along-teacher'), describeInput: (p) => describeLs({ p }) }),
  },
});
