import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import { checkProperty } from '../../src/harness/property.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { testRisk } from '../../src/data/least-squares.js';
import { describeLs, distance, gdStep, gradientDescent, lsInput, lsReference, norm, traceOptimizer, type LsInput } from '../../src/experiments/least-squares.js';
import { redHerring } from '../../src/experiments/sources.js';

/**
 * GD's error (I − γXXᵀ)^k(w_0 − w_mn) decays on span{x_i} and is the identity outside it, so from any w_0 the
 * limit is w_mn + P_null(w_0): still an interpolant (zero training error), but its test risk under the planted
 * distribution (x ~ N(0, I), y = ⟨w*, x⟩) is ‖w_mn + P_null w_0 − w*‖² ≥ (‖P_null w_0‖ − ‖P_null w*‖)², which an
 * adversary makes as large as it likes by scaling w_0's null part: c ∈ ADVERSARY = {0, 1, 10, 100}.
 * DIST_TOL = 1e-9 (limit vs formula, relative to max(‖w_mn‖, ‖w_0‖)) as in ls-gd-from-zero-converges-to-min-norm:
 * rounding ≲ K·4ε ≈ 1e-11. The risk bound is the triangle inequality, allowed the same relative slack.
 */
const DIST_TOL = 1e-9;
const ADVERSARY = [0, 1, 10, 100];

function nullPartPersists(weightDecay: number) {
  return ({ p, w0, fraction }: LsInput) => {
    const ref = lsReference(p);
    const { gamma, rho } = gdStep(ref, fraction);
    const steps = rho === 0 ? 1 : Math.ceil(Math.log(1e-14) / Math.log(rho));
    let u = ref.projectNull(w0);
    if (!(norm(u) > 0)) u = ref.projectNull(Float64Array.from({ length: p.d }, (_, k) => (k === 0 ? 1 : 0)));
    u = u.map((v) => v / norm(u));
    const span0 = ref.projectSpan(w0);
    const teacherOutside = norm(ref.projectNull(p.teacher));
    const figures: Record<string, number> = { n: p.n, d: p.d, rho, steps, minNormRisk: testRisk(p, ref.wMinNorm), teacherOutsideSpan: teacherOutside };
    const risks: number[] = [];
    let worst = 0;
    for (const c of ADVERSARY) {
      const start = span0.map((v, k) => v + c * u[k]);
      const limit = traceOptimizer(gradientDescent({ eta: gamma, weightDecay }), ref.objective, start, steps, 2).w.at(-1)!;
      const predicted = ref.wMinNorm.map((v, k) => v + c * u[k]);
      const scale = Math.max(norm(ref.wMinNorm), norm(start)) || 1;
      const off = distance(limit, predicted) / scale;
      const risk = testRisk(p, limit);
      const floor = Math.max(0, c - teacherOutside) ** 2;
      risks.push(risk);
      Object.assign(figures, { [`c${c}LimitOffFormula`]: off, [`c${c}TrainResidual`]: ref.residual(limit), [`c${c}TestRisk`]: risk });
      worst = Math.max(worst, off / DIST_TOL);
      const plot = {
        title: `test risk of GD's limit against ‖P_null w_0‖ [n=${p.n}, d=${p.d}]`,
        xLabel: '‖P_null w_0‖ (c)',
        yLabel: 'test risk ‖w_∞ − w*‖²',
        series: [
          { name: 'GD limit', x: ADVERSARY.slice(0, risks.length), y: risks },
          { name: 'floor (c − ‖P_null w*‖)²', x: ADVERSARY, y: ADVERSARY.map((a) => Math.max(0, a - teacherOutside) ** 2), role: 'bound' as const },
        ],
      };
      const where = `ls-init-null-space-persists [n=${p.n}, d=${p.d}, ‖P_null w_0‖ = ${c}${weightDecay ? `, weight decay ${weightDecay}` : ''}]`;
      if (!(off <= DIST_TOL))
        throw new ClaimViolation(`${where}: GD's limit is ${off.toExponential(3)} (relative) from w_mn + P_null(w_0), tolerance ${DIST_TOL}; its part outside the span has norm ${norm(ref.projectNull(limit)).toPrecision(4)} (formula: ${c}) and its part in the span is ${distance(ref.projectSpan(limit), ref.wMinNorm).toExponential(3)} from w_mn`, figures, plot);
      if (!(risk >= floor * (1 - DIST_TOL)))
        throw new ClaimViolation(`${where}: test risk ${risk.toPrecision(4)} is below the floor (c − ‖P_null w*‖)² = ${floor.toPrecision(4)}`, figures, plot);
    }
    const plot = { title: `test risk of GD's limit against ‖P_null w_0‖ [n=${p.n}, d=${p.d}]`, xLabel: 'c', yLabel: 'test risk', series: [{ name: 'GD limit', x: ADVERSARY, y: risks }] };
    return { figures, slack: 1 - worst, plot };
  };
}

const NUM_RUNS = { smoke: 8, default: 40, thorough: 300 };

export const claim = defineClaim({
  id: 'ls-init-null-space-persists',
  title: 'Least squares: from w_0, GD converges to X(XᵀX)⁻¹y + P_null(w_0) — zero training error, test error as bad as the start makes it',
  group: 'B. Least squares and the span argument',
  topic: 'initialization',
  source: redHerring('the closed form from a non-zero w_0: (I − γXXᵀ)^k w_0 keeps the part of w_0 outside span{x_i}'),
  statement: 'w_k → X(XᵀX)⁻¹y + P_null(w_0); Xᵀw_∞ = y; test risk ‖w_∞ − w*‖² ≥ (‖P_null w_0‖ − ‖P_null w*‖)² → ∞ as ‖P_null w_0‖ → ∞',
  assumptions: [
    'X ∈ R^{d×n}, d > n, full column rank (verified); y = Xᵀw*; test distribution x ~ N(0, I_d), y = ⟨w*, x⟩ (exact risk)',
    'w_0 = P_span(w_r) + c·u, w_r ∈ [−1, 1]^d drawn, u the unit direction of P_null(w_r), c ∈ {0, 1, 10, 100}',
    'step γ = f/σ_max², f ∈ [0.05, 1.95] (checked), run until ρ^k ≤ 1e-14',
  ],
  measurement: "distance of GD's limit to w_mn + P_null(w_0), training residual, exact test risk, for each c",
  expectation: `confirmed when every limit is within ${DIST_TOL} (relative) of the formula and its test risk is above (c − ‖P_null w*‖)²`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) =>
    checkProperty(ctx, { arbitrary: lsInput({ start: 'random' }), numRuns: ctx.budget(NUM_RUNS), trial: nullPartPersists(0), describeInput: describeLs, decidedBy: 'GD run until ρ^k ≤ 1e-14' }),
  control: {
    description: 'GD with weight decay λ = 0.1 (ridge): the part outside the span decays, so the limit is not w_mn + P_null(w_0)',
    check: (ctx: ClaimContext) => checkProperty(ctx, { arbitrary: lsInput({ start: 'random' }), numRuns: ctx.budget(NUM_RUNS), trial: nullPartPersists(0.1), describeInput: describeLs }),
  },
});
