import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { fmt, REL_ROUND } from '../../src/experiments/flow-claims.js';
import { homogeneousProperty, logRiskOfMargins, marginsOf, normPower, polyTail, smoothedOfMargins, type HomogeneousParameter } from '../../src/experiments/homogeneous-margins.js';
import type { PlantedDataset } from '../../src/data/separable.js';
import { exponential, type Loss } from '../../src/losses/loss.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * The sandwich of the "Margins" remark: γ̃(w) ≤ γ(w) ≤ γ̃(w) + log n/‖w‖^L, for L-homogeneous f (L = 1: linear;
 * L = 2: two-layer ReLU with both layers trained), any parameter (also misclassifying ones) of norm 1e-6..1e6.
 * For the exponential loss it is exact arithmetic on the margins: ℓ⁻¹(Σℓ(m_i)) = −log Σ e^{−m_i} lies between
 * min m_i − log n and min m_i. The only tolerance is rounding: REL_ROUND times the magnitudes involved
 * (|min m|, |log L|, log n), divided by ‖θ‖^L.
 * Slack: the smaller distance to either end as a share of the width log n/‖θ‖^L (n ≥ 2). Both ends are reached:
 * the left one at large norms (one point dominates), the right one when all margins are equal, so slack near 0 is
 * expected and is not a near-failure.
 */
function sandwich(loss: Loss) {
  return (ds: PlantedDataset, p: HomogeneousParameter) => {
    const m = marginsOf(ds, p), r = normPower(p);
    const mMin = Math.min(...m), gamma = mMin / r;
    const smooth = smoothedOfMargins(loss, m, r);
    const width = Math.log(ds.n) / r;
    const tol = (REL_ROUND * (Math.abs(mMin) + Math.abs(logRiskOfMargins(loss, m)) + Math.log(ds.n) + 1)) / r;
    const figures = { n: ds.n, degree: p.degree, normPowerL: r, margin: gamma, smoothedMargin: smooth, width };
    const where = `[${loss.name}, L=${p.degree}, n=${ds.n}, ‖θ‖^L=${fmt(r)}]`;
    if (smooth > gamma + tol) throw new ClaimViolation(`smoothed-margin-sandwich ${where}: γ̃ = ${fmt(smooth)} > γ = ${fmt(gamma)} (tol ${fmt(tol)})`, figures);
    if (gamma > smooth + width + tol)
      throw new ClaimViolation(`smoothed-margin-sandwich ${where}: γ = ${fmt(gamma)} > γ̃ + log n/‖θ‖^L = ${fmt(smooth + width)} (tol ${fmt(tol)})`, figures);
    return { figures, slack: ds.n > 1 ? Math.max(0, Math.min(gamma - smooth, smooth + width - gamma) / width) : 1 };
  };
}

export const claim = defineClaim({
  id: 'smoothed-margin-sandwich',
  title: 'The smoothed margin sandwiches the margin: γ̃(w) ≤ γ(w) ≤ γ̃(w) + log n/‖w‖^L',
  group: 'C. Margins and gradient flow',
  topic: 'smoothed margin',
  source: seed004('Margins; Smoothed margin', 'Definition (margins) and remark (sandwich)', ['telgarskyDlt', 'lyuLi2020']),
  statement: 'γ̃(w) ≤ γ(w) ≤ γ̃(w) + log n / ‖w‖^L, γ̃(w) = ℓ⁻¹(L(w))/‖w‖^L, exponential loss, f L-homogeneous',
  assumptions: [
    'exponential loss, risk as a sum; ‖x_i‖ ≤ 1; separable data (planted), 1 ≤ n ≤ 12, 1 ≤ d ≤ 4',
    'f linear (L = 1) or a bias-free two-layer ReLU net with both layers as parameters (L = 2); any parameter ≠ 0, norm 1e-6..1e6',
  ],
  measurement: 'γ(w) = min_i m_i(w)/‖w‖^L and γ̃(w) from log Σ e^{−m_i(w)} (log-sum-exp), per generated (data, parameter) pair',
  expectation: 'confirmed when both inequalities hold up to rounding (REL_ROUND of the magnitudes involved)',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => homogeneousProperty(ctx, { trial: sandwich(exponential), decidedBy: 'exact margins of generated parameters' }),
  control: {
    description: 'the smoothed margin of a polynomially-tailed loss ℓ(u) = (1 + u)^{-2}: ℓ⁻¹(Σℓ) is not within log n of min m_i',
    check: (ctx: ClaimContext) => homogeneousProperty(ctx, { trial: sandwich(polyTail), decidedBy: 'exact margins of generated parameters' }),
  },
});
