import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { fmt, REL_ROUND } from '../../src/experiments/flow-claims.js';
import { homogeneousProperty, marginsOf, normPower, polyTail, scaled, smoothedOfMargins, type HomogeneousParameter } from '../../src/experiments/homogeneous-margins.js';
import type { PlantedDataset } from '../../src/data/separable.js';
import { exponential, type Loss } from '../../src/losses/loss.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * Proposition 10.2 (second part): for any w ≠ 0, lim_{c→∞} γ̃(cw) = γ(w). A limit is checked on the sequence
 * c_k = 10^{k/2} from 1 until ‖c w‖^L reaches 1e12 (so margins up to 1e12·|m_i(w/‖w‖)|, computed in log space):
 *  - along the sequence the gap γ(w) − γ̃(c_k w) must not grow (beyond rounding), and
 *  - at the last c it must be below LIMIT_TOL = 1e-9.
 * Why 1e-9: for the exponential loss the gap at ‖cw‖^L = 1e12 is at most log n/1e12 ≤ 2.5e-12 (the sandwich) and the
 * rounding of γ̃ there is ~1e-15 relative, so 1e-9 leaves 400×; a smoothed margin that converges to anything other
 * than γ(w) (the control: a polynomial tail, whose limit is (Σ_i m_i^{-2})^{-1/2}/‖w‖ for a separating w) misses by
 * a fixed amount. Rounding tolerance on monotonicity: REL_ROUND·(|γ| + 1).
 */
const LIMIT_TOL = 1e-9;
const FINAL_SCALE = 1e12;

function smoothedTendsToMargin(loss: Loss) {
  return (ds: PlantedDataset, p: HomogeneousParameter) => {
    const r = normPower(p), gamma = Math.min(...marginsOf(ds, p)) / r;
    const cs: number[] = [], gaps: number[] = [];
    for (let k = 0; ; k++) {
      const c = 10 ** (k / 2);
      const q = scaled(p, c), rq = normPower(q);
      cs.push(c);
      gaps.push(gamma - smoothedOfMargins(loss, marginsOf(ds, q), rq));
      if (rq >= FINAL_SCALE) break;
    }
    const tol = REL_ROUND * (Math.abs(gamma) + 1);
    const figures = { n: ds.n, degree: p.degree, margin: gamma, firstGap: gaps[0], lastGap: gaps.at(-1)!, lastScale: normPower(scaled(p, cs.at(-1)!)) };
    const plot = { title: 'γ(w) − γ̃(cw) against c', xLabel: 'c', yLabel: 'gap', xLog: true, series: [{ name: 'γ(w) − γ̃(cw)', x: cs, y: gaps }] };
    const where = `[${loss.name}, L=${p.degree}, n=${ds.n}, ‖w‖^L=${fmt(r)}]`;
    for (let k = 1; k < gaps.length; k++)
      if (Math.abs(gaps[k]) > Math.abs(gaps[k - 1]) + tol)
        throw new ClaimViolation(`smoothed-margin-tends-to-margin ${where}: |γ(w) − γ̃(cw)| grew from ${fmt(gaps[k - 1])} to ${fmt(gaps[k])} at c=${fmt(cs[k])}`, figures, plot);
    if (Math.abs(gaps.at(-1)!) > LIMIT_TOL)
      throw new ClaimViolation(`smoothed-margin-tends-to-margin ${where}: at ‖cw‖^L = ${fmt(FINAL_SCALE)}, γ̃(cw) = ${fmt(gamma - gaps.at(-1)!)} is ${fmt(gaps.at(-1)!)} from γ(w) = ${fmt(gamma)} (> ${LIMIT_TOL})`, figures, plot);
    return { figures, slack: 1 - Math.abs(gaps.at(-1)!) / LIMIT_TOL, plot };
  };
}

export const claim = defineClaim({
  id: 'smoothed-margin-tends-to-margin',
  title: 'Proposition 10.2: the smoothed margin of cw tends to the margin of w as c → ∞',
  group: 'C. Margins and gradient flow',
  topic: 'smoothed margin',
  source: seed004('Properties', 'Proposition 10.2 (limit of the smoothed margin)'),
  statement: 'lim_{c→∞} γ̃(cw) = γ(w) for every w ≠ 0 (m-separable data, exponential loss, f L-homogeneous)',
  assumptions: [
    'exponential loss, risk as a sum; ‖x_i‖ ≤ 1; separable data (planted), 1 ≤ n ≤ 12, 1 ≤ d ≤ 4',
    'f linear (L = 1) or a bias-free two-layer ReLU net with both layers as parameters (L = 2); any w ≠ 0 (also misclassifying), ‖w‖ from 1e-6 to 1e6',
  ],
  measurement: 'γ(w) − γ̃(c w) for c = 10^{k/2} up to ‖cw‖^L = 1e12',
  expectation: `confirmed when |γ(w) − γ̃(cw)| never grows along the sequence and ends below ${LIMIT_TOL} (reasoning beside LIMIT_TOL)`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => homogeneousProperty(ctx, { trial: smoothedTendsToMargin(exponential), decidedBy: 'exact margins of generated parameters, c up to ‖cw‖^L = 1e12' }),
  control: {
    description: 'a polynomially-tailed loss ℓ(u) = (1 + u)^{-2}: its smoothed margin of cw converges, but not to γ(w)',
    check: (ctx: ClaimContext) => homogeneousProperty(ctx, { trial: smoothedTendsToMargin(polyTail), decidedBy: 'exact margins of generated parameters, c up to ‖cw‖^L = 1e12' }),
  },
});
