import fc from 'fast-check';
import { ClaimViolation, Inconclusive } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext, TrialResult } from '../../src/harness/types.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import type { GdCurves, GdExperiment } from '../../src/experiments/gd-separable.js';
import { SEED_000, PAPERS } from '../../src/experiments/sources.js';
import { fitLine, lateIndices } from '../../src/metrics/fit.js';
import { nonSupportGradientShare } from '../../src/metrics/margins.js';
import { stalled } from '../../src/metrics/residual-limit.js';

/**
 * With w_t ≈ ŵ log t, a point's term in ∇L is ≈ e^{−⟨w_t, z_i⟩} z_i ≈ t^{−⟨ŵ, z_i⟩}: 1/t on support vectors,
 * t^{−θ_i} (θ_i > 1) off them. So the non-support share of the gradient decays like t^{−(θ−1)},
 * θ = min_{i∉S} ⟨ŵ, z_i⟩. Confirmed when the share at T is below its value at √T and the fitted exponent of
 * share against t on the late half is ≤ −RATE_FRACTION·(θ − 1): polynomial decay at no less than half the
 * predicted rate (the e^{−⟨ρ, z_i⟩} factors move while ρ settles). Violated when the iterates stalled (the
 * share is then constant). Otherwise inconclusive.
 */
const RATE_FRACTION = 0.5;

function nonSupportShareVanishes(e: GdExperiment, c: GdCurves): TrialResult {
  const { ds, svm } = e;
  const off = Array.from({ length: ds.n }, (_, i) => i).filter((i) => !svm.support.includes(i));
  fc.pre(off.length > 0); // with every point a support vector the share is 0 by definition: nothing to check
  const theta = Math.min(...off.map((i) => svm.margins[i]));
  const share = e.trace.w.map((w) => nonSupportGradientShare(ds.Z, ds.n, ds.d, w, e.cfg.loss, svm.support));
  const late = lateIndices(c.t, 0.5);
  const fit = fitLine(late.map((i) => c.logT[i]), late.map((i) => Math.log(share[i])));
  const predicted = -(theta - 1);
  const figures = { theta, predictedExponent: predicted, fittedExponent: fit.slope, shareAtSqrtT: share[late[0]], shareAtT: share.at(-1)!, tEnd: c.t.at(-1)! };
  const plot = {
    title: 'share of the gradient carried by non-support vectors',
    xLabel: 't',
    yLabel: 'share',
    xLog: true,
    yLog: true,
    series: [
      { name: 'non-support share', x: c.t, y: share },
      { name: `t^{−(θ−1)}, θ = ${theta.toPrecision(3)} (matched at T)`, x: c.t, y: c.t.map((t) => share.at(-1)! * (t / c.t.at(-1)!) ** predicted), role: 'predicted' as const },
    ],
  };
  const ok = share.at(-1)! < share[late[0]] && fit.slope <= RATE_FRACTION * predicted;
  if (ok) return { figures, slack: 1 - (fit.slope - predicted) / (RATE_FRACTION * -predicted), plot };
  if (stalled(c.t, e.trace.w)) throw new ClaimViolation(`the iterates stopped, and the non-support share stays at ${share.at(-1)!.toPrecision(3)}`, figures, plot);
  throw new Inconclusive(`the non-support share decays with exponent ${fit.slope.toPrecision(3)}, predicted ${predicted.toPrecision(3)}`, figures, plot);
}

export const claim = defineClaim({
  id: 'gradient-dominated-by-support-vectors',
  title: 'Late in GD the gradient is carried by the support vectors',
  group: 'A. Gradient descent on separable data',
  topic: 'support vectors',
  roles: ['gd'],
  source: { ...SEED_000, slide: 'max margin = sum of support vectors', paper: PAPERS.soudry2018.name, theorem: 'Sec. 3 (the non-support terms of −∇L decay like t^{−θ_i})', links: [PAPERS.soudry2018] },
  statement: '‖Σ_{i∉S} ℓ′(⟨w_t, z_i⟩) z_i‖ / ‖∇L(w_t)‖ → 0, like t^{−(θ−1)}, θ = min_{i∉S} ⟨ŵ, z_i⟩',
  assumptions: [
    'data linearly separable through the origin, ‖x_i‖ ≤ 1, in general position for the horizon, with at least one non-support point (inputs outside are redrawn)',
    'logistic loss, risk as a sum; η = 0.9 · 2/(β σ_max²(X)) (checked); w(0) = 0',
  ],
  measurement: 'non-support share of ∇L(w_t) at the checkpoints (computed with a common e^{u_min} scale, so it survives underflow); its fitted exponent on the late half',
  expectation: `confirmed when the share falls over [√T, T] with fitted exponent ≤ ${RATE_FRACTION}·(1 − θ)`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty(ctx, { data: { n: [4, 10] }, trial: nonSupportShareVanishes }),
  control: {
    description: 'GD with weight decay λ = 1e-3: at its fixed point every point keeps its share',
    check: (ctx: ClaimContext) => gdProperty(ctx, { data: { n: [4, 10] }, gd: () => ({ weightDecay: 1e-3 }), trial: nonSupportShareVanishes }),
  },
});
