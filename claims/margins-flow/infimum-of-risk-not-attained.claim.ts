import { AssumptionError, ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { flowReference, fmt, REL_ROUND } from '../../src/experiments/flow-claims.js';
import { hinge, homogeneousProperty, logRiskOfMargins, marginsOf, scaled, type HomogeneousParameter } from '../../src/experiments/homogeneous-margins.js';
import type { PlantedDataset } from '../../src/data/separable.js';
import { exponential, type Loss } from '../../src/losses/loss.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * Proposition 10.1: f L-homogeneous and L(ŵ) < ℓ(0) for some ŵ ⇒ inf_w L(w) = 0, not attained.
 * ŵ is built from the verified SVM direction ū with scale s = (log n + 1)/γ̄, so L(ŵ) ≤ n e^{−sγ̄} = e^{−1} < ℓ(0):
 * ŵ = sū (L = 1), or the two-unit ReLU net a = (√s, −√s), w₁ = −w₂ = √s ū, which computes s⟨ū, x⟩ (L = 2). The premise
 * is verified (AssumptionError otherwise). Checked:
 *  - c ↦ L(cŵ) strictly decreases along c = 2^k until c^L·min_i m_i(ŵ) ≥ 1000, where L(cŵ) ≤ n e^{−1000}: the
 *    infimum is 0 (computed as log L, so no underflow; "strictly" allows no rounding tie: the steps are ≥ m_min);
 *  - L > 0 (log L finite) at every cŵ and at the generated parameter w (any sign of margins, norm 1e-6..1e6): no
 *    sampled point attains 0.
 */
const DEPTH = 1000;

function infimumNotAttained(loss: Loss) {
  return (ds: PlantedDataset, other: HomogeneousParameter) => {
    const svm = flowReference(ds);
    const s = (Math.log(ds.n) + 1) / svm.gamma;
    const hat: HomogeneousParameter = other.degree === 1
      ? { degree: 1, width: 1, theta: svm.direction.map((u) => s * u) }
      : { degree: 2, width: 2, theta: Float64Array.from([Math.sqrt(s), -Math.sqrt(s), ...svm.direction.map((u) => Math.sqrt(s) * u), ...svm.direction.map((u) => -Math.sqrt(s) * u)]) };
    const logL = (p: HomogeneousParameter) => logRiskOfMargins(loss, marginsOf(ds, p));
    if (!(logL(hat) < loss.logValue(0))) throw new AssumptionError(`premise L(ŵ) < ℓ(0) fails: log L(ŵ) = ${logL(hat)}`);
    const mMin = Math.min(...marginsOf(ds, hat));
    const cs: number[] = [], logs: number[] = [];
    for (let c = 1; ; c *= 2) {
      cs.push(c);
      logs.push(logL(scaled(hat, c)));
      if (c ** hat.degree * mMin >= DEPTH) break;
    }
    const logOther = logL(other);
    const figures = { n: ds.n, degree: hat.degree, gammaBar: svm.gamma, logRiskAtHat: logs[0], logRiskAtEnd: logs.at(-1)!, cEnd: cs.at(-1)!, logRiskAtGenerated: logOther };
    const plot = { title: 'log L(cŵ) against c', xLabel: 'c', yLabel: 'log L', xLog: true, series: [{ name: 'log L(cŵ)', x: cs, y: logs }] };
    const where = `[${loss.name}, L=${hat.degree}, n=${ds.n}]`;
    for (let k = 0; k < logs.length; k++) {
      if (!Number.isFinite(logs[k])) throw new ClaimViolation(`infimum-of-risk-not-attained ${where}: L(cŵ) = 0 at c=${cs[k]}: the infimum is attained`, figures, plot);
      if (k > 0 && !(logs[k] < logs[k - 1])) throw new ClaimViolation(`infimum-of-risk-not-attained ${where}: L(cŵ) did not decrease from c=${cs[k - 1]} to ${cs[k]} (log L ${fmt(logs[k - 1])} → ${fmt(logs[k])})`, figures, plot);
    }
    const tol = REL_ROUND * (DEPTH + Math.abs(logs.at(-1)!));
    if (logs.at(-1)! > Math.log(ds.n) - DEPTH + tol)
      throw new ClaimViolation(`infimum-of-risk-not-attained ${where}: log L(cŵ) = ${fmt(logs.at(-1)!)} at c=${cs.at(-1)}, above log n − ${DEPTH}`, figures, plot);
    if (!Number.isFinite(logOther)) throw new ClaimViolation(`infimum-of-risk-not-attained ${where}: L = 0 at the generated parameter`, figures, plot);
    return { figures, slack: 1, plot };
  };
}

export const claim = defineClaim({
  id: 'infimum-of-risk-not-attained',
  title: 'Proposition 10.1: on separable data the risk has infimum 0 and never attains it',
  group: 'C. Margins and gradient flow',
  topic: 'infimum not attained',
  source: seed004('Infimum not attained', 'Proposition 10.1'),
  statement: 'f L-homogeneous and L(ŵ) < ℓ(0) ⇒ inf_w L(w) = 0 and L(w) > 0 for every w (exponential loss)',
  assumptions: [
    'exponential loss, risk as a sum; ‖x_i‖ ≤ 1; separable data (planted, verified by the SVM), 1 ≤ n ≤ 12, 1 ≤ d ≤ 4',
    'f linear (L = 1) or a bias-free two-layer ReLU net (L = 2); the premise L(ŵ) < ℓ(0) verified on the constructed ŵ',
  ],
  measurement: 'log L(cŵ) for c = 1, 2, 4, … until c^L min_i m_i(ŵ) ≥ 1000; log L at a generated parameter',
  expectation: 'confirmed when L(cŵ) strictly decreases to below n·e^{−1000} and L > 0 at every sampled parameter',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => homogeneousProperty(ctx, { trial: infimumNotAttained(exponential), decidedBy: 'exact risks of scaled SVM directions' }),
  control: {
    description: 'the hinge loss max(0, 1 − u), which is not positive: L(ŵ) = 0 < ℓ(0) and the infimum is attained at ŵ',
    check: (ctx: ClaimContext) => homogeneousProperty(ctx, { trial: infimumNotAttained(hinge), decidedBy: 'exact risks of scaled SVM directions' }),
  },
});
