import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import { checkProperty } from '../../src/harness/property.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { describeLs, distance, gdStep, gradientDescent, lsInput, lsReference, norm, traceOptimizer, type LsInput } from '../../src/experiments/least-squares.js';
import { redHerring } from '../../src/experiments/sources.js';

/**
 * From w_0 = 0 the error e_k = w_k − w_mn = (I − γXXᵀ)^k(−w_mn) lies in span{x_i}, where I − γXXᵀ contracts by
 * ρ = max(|1 − γσ_min²|, |1 − γσ_max²|) < 1 — so ‖e_k‖ ≤ ρ^k‖e_0‖ exactly, and GD is run until ρ^k ≤ 1e-14.
 * DIST_TOL = 1e-9 (relative to max(‖w_mn‖, ‖w_0‖)) bounds what rounding adds: each step perturbs w by a few ε‖w‖
 * in every direction and the part outside the span is never contracted, so it accumulates to ≲ K·4ε ≈ 1e-11 over
 * K ≤ 2e4 steps; the pinv reference is verified to κ·PINV_TOL ≲ 5e-10 in the worst accepted case (measured
 * distances 1e-15 to 1e-13). A start outside the span (the control) leaves a distance ‖P_null w_0‖ ~ 0.1–1.
 */
const DIST_TOL = 1e-9;
const CONVERGED = 1e-14;

function gdReachesMinNorm({ p, w0, fraction }: LsInput) {
  const ref = lsReference(p);
  const { gamma, rho } = gdStep(ref, fraction);
  const steps = rho === 0 ? 1 : Math.ceil(Math.log(CONVERGED) / Math.log(rho));
  const tr = traceOptimizer(gradientDescent({ eta: gamma }), ref.objective, w0, steps);
  const scale = Math.max(norm(ref.wMinNorm), norm(w0)) || 1;
  const e0 = distance(w0, ref.wMinNorm);
  const dist = tr.w.map((w) => distance(w, ref.wMinNorm));
  const bound = tr.t.map((t) => rho ** t * e0);
  const final = dist.at(-1)! / scale;
  const figures = { n: p.n, d: p.d, stepTimesSigmaMax2: fraction, rho, steps, finalRelDistance: final, nullPartOfW0: norm(ref.projectNull(w0)) / scale, minNormNorm: norm(ref.wMinNorm) };
  const plot = {
    title: `‖w_k − X(XᵀX)⁻¹y‖ along GD [n=${p.n}, d=${p.d}]`,
    xLabel: 'k',
    yLabel: 'distance to the min-norm interpolant',
    yLog: true,
    series: [
      { name: 'GD', x: tr.t, y: dist },
      { name: 'ρ^k ‖e_0‖ (linear rate)', x: tr.t, y: bound, role: 'predicted' as const },
      { name: `tolerance ${DIST_TOL} × scale`, x: [0, steps], y: [DIST_TOL * scale, DIST_TOL * scale], role: 'bound' as const },
    ],
  };
  const where = `[n=${p.n}, d=${p.d}, γσ_max² = ${fraction}, ‖w_0‖ = ${norm(w0).toPrecision(3)}]`;
  const k = dist.findIndex((e, i) => e > bound[i] + DIST_TOL * scale);
  if (k >= 0 || !(final <= DIST_TOL))
    throw new ClaimViolation(
      `ls-gd-from-zero-converges-to-min-norm ${where}: after ${steps} steps GD is ${final.toExponential(3)} (relative) from X(XᵀX)⁻¹y, tolerance ${DIST_TOL}` +
        (k >= 0 ? `; the linear rate broke first at k = ${tr.t[k]}: ${dist[k].toExponential(3)} > ρ^k‖e_0‖ = ${bound[k].toExponential(3)}` : '') +
        `; w_0 has ${figures.nullPartOfW0.toExponential(3)} (relative) outside span{x_i}, which GD never changes`,
      figures,
      plot,
    );
  return { figures, slack: 1 - final / DIST_TOL, plot, data: { t: tr.t, distance: dist } };
}

const NUM_RUNS = { smoke: 10, default: 60, thorough: 400 };

export const claim = defineClaim({
  id: 'ls-gd-from-zero-converges-to-min-norm',
  title: 'Least squares: GD from zero converges (linearly) to the minimum-norm interpolant',
  group: 'B. Least squares and the span argument',
  topic: 'min-norm solution',
  source: redHerring('the corrected limit of the slide: GD from 0 → X(XᵀX)⁻¹y; the slide\'s "Theorem" that GD converges to the minimum norm solution'),
  statement: 'w_0 = 0, w_{k+1} = w_k − γX(Xᵀw_k − y), 0 < γ < 2/σ_max²  ⇒  w_k → X(XᵀX)⁻¹y = (Xᵀ)⁺y = argmin{‖w‖ : Xᵀw = y}, with ‖w_k − w_∞‖ ≤ ρ^k‖w_∞‖',
  assumptions: [
    'X ∈ R^{d×n}, d > n, of full column rank (σ_min(X) ≥ 0.5 by construction, verified)',
    'step γ = f/σ_max² with f ∈ [0.05, 1.95] drawn (the whole admissible range (0, 2) short of its ends; checked)',
    'w_0 = 0',
  ],
  measurement: 'distance of GD\'s iterate to the pseudo-inverse solution (verified by the Penrose identities) at geometric checkpoints, against ρ^k‖e_0‖',
  expectation: `confirmed when every checkpoint obeys ‖w_k − w_mn‖ ≤ ρ^k‖w_mn‖ + tol and the final distance is ≤ ${DIST_TOL} relative (reasoning beside DIST_TOL)`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) =>
    checkProperty(ctx, { arbitrary: lsInput(), numRuns: ctx.budget(NUM_RUNS), trial: gdReachesMinNorm, describeInput: describeLs, decidedBy: 'GD run until ρ^k ≤ 1e-14' }),
  control: {
    description: 'GD started at a random w_0 ∈ [−1, 1]^d (not in span{x_i}): its limit is w_mn + P_null(w_0), not the min-norm interpolant',
    check: (ctx: ClaimContext) =>
      checkProperty(ctx, { arbitrary: lsInput({ start: 'random' }), numRuns: ctx.budget(NUM_RUNS), trial: gdReachesMinNorm, describeInput: describeLs }),
  },
});
