import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext, TrialResult } from '../../src/harness/types.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import type { GdCurves, GdExperiment } from '../../src/experiments/gd-separable.js';
import { PAPERS, SEED_002 } from '../../src/experiments/sources.js';
import { gdOnData } from '../../src/impl/on-data.js';

/** The bound of Ji–Telgarsky (COLT 2019, Thm 3) for GD with η = 1 from w_0 = 0 on the mean logistic risk. */
function bound(t: number, gamma: number): number {
  return 1 / t + Math.log(t) ** 2 / (2 * gamma * gamma * t);
}

/**
 * "For every t" is certified between checkpoints, not sampled: GD with η = 1 on the mean logistic risk is a
 * descent method (its smoothness is ≤ σ_max²/(4n) ≤ 1/4 < 2/η), so R(w_t) ≤ R(w_{t_k}) for t ≥ t_k; and the
 * bound B(t) is decreasing except on an interval around t = e, so its minimum over [t_k, t_{k+1}] is at an
 * endpoint. Hence R(w_{t_k}) ≤ min(B(t_k), B(t_{k+1})) at every consecutive pair of checkpoints proves the
 * bound at every integer t of the horizon. Checkpoints: every iteration up to t ≈ 90, then 200 per decade.
 * Monotone decrease of R at the checkpoints is checked too (it is what the certificate rests on). No
 * tolerance: the comparison is exact up to rounding of R (relative 1e-15), and the smallest slack is reported.
 */
function riskBelowBound(e: GdExperiment, c: GdCurves): TrialResult {
  const gamma = e.svm.gamma;
  let minSlack = Infinity;
  let worst = 0;
  for (let k = 0; k < c.t.length; k++) {
    const B = Math.min(bound(c.t[k], gamma), k + 1 < c.t.length ? bound(c.t[k + 1], gamma) : Infinity);
    const slack = (B - c.loss[k]) / B;
    if (slack < minSlack) [minSlack, worst] = [slack, k];
    if (k > 0 && c.loss[k] > c.loss[k - 1] * (1 + 1e-15))
      throw new ClaimViolation(`the mean risk increased from ${c.loss[k - 1]} at t=${c.t[k - 1]} to ${c.loss[k]} at t=${c.t[k]}: GD with η = 1 is not descending`, { t: c.t[k] });
  }
  const figures = { gammaBar: gamma, n: e.ds.n, worstT: c.t[worst], riskAtWorstT: c.loss[worst], boundAtWorstT: bound(c.t[worst], gamma), minRelativeSlack: minSlack };
  const plot = {
    title: 'mean logistic risk of GD (η = 1) against 1/t + ln²t/(2γ̄²t)',
    xLabel: 't',
    yLabel: 'risk',
    xLog: true,
    yLog: true,
    series: [
      { name: 'R(w_t)', x: c.t, y: c.loss },
      { name: 'bound', x: c.t, y: c.t.map((t) => bound(t, gamma)), role: 'bound' as const },
    ],
  };
  if (minSlack < 0)
    throw new ClaimViolation(`R(w_t) = ${c.loss[worst].toPrecision(6)} exceeds the bound ${bound(c.t[worst], gamma).toPrecision(6)} at t = ${c.t[worst]} (γ̄ = ${gamma.toPrecision(4)})`, figures, plot);
  return { figures, slack: minSlack, plot, data: { t: c.t, risk: c.loss } };
}

const gdSetup = { mean: true, eta: 1, perDecade: 200 } as const;

export const claim = defineClaim({
  id: 'gd-logistic-risk-bound',
  title: 'Ji–Telgarsky: GD on the mean logistic risk satisfies R(w_t) ≤ 1/t + ln²t/(2γ̄²t)',
  group: 'A. Gradient descent on separable data',
  topic: 'bounds',
  roles: ['gd'],
  source: {
    ...SEED_002,
    slide: 'Same proof (T \'13) works for gradient descent (T-Ji \'18)',
    paper: PAPERS.jiTelgarsky2019.name,
    theorem: 'Theorem 3 (risk bound for GD on separable data)',
    links: [PAPERS.jiTelgarsky2019],
  },
  statement: 'R(w_t) = (1/n)Σ_i ln(1 + e^{−⟨w_t, z_i⟩}) ≤ 1/t + ln²t/(2γ̄²t) for every t ≥ 1 (η = 1, w_0 = 0, ‖z_i‖ ≤ 1)',
  assumptions: [
    'data linearly separable through the origin (planted, verified), any position (degenerate data included); ‖x_i‖ ≤ 1',
    'mean logistic risk; η = 1 (below its bound 8n/σ_max² ≥ 8, checked); w_0 = 0',
    'search includes large margins (planted margin up to 0.9), where the bound is tightest',
  ],
  measurement: 'R(w_t) at every iteration up to t ≈ 90 and 200 checkpoints per decade after, against B(t) on each interval',
  expectation: 'confirmed when R(w_{t_k}) ≤ min(B(t_k), B(t_{k+1})) at every consecutive pair of checkpoints (a certificate for every t) and R decreases',
  expected: 'confirmed',
  check: (ctx: ClaimContext) =>
    gdProperty(ctx, { data: { n: [1, 12], margin: [0.1, 0.9] }, generalPosition: false, gd: () => gdSetup, trial: riskBelowBound }),
  onData: (ctx, ds) => gdOnData(ctx, ds, riskBelowBound, { generalPosition: false, gd: gdSetup }),
  control: {
    description: 'GD projected onto the ball ‖w‖ ≤ 1: the risk cannot go below ln(1 + e^{−1}) ≈ 0.31',
    check: (ctx: ClaimContext) =>
      gdProperty(ctx, { data: { n: [1, 12], margin: [0.1, 0.9] }, generalPosition: false, gd: () => ({ ...gdSetup, projectRadius: 1 }), trial: riskBelowBound }),
  },
});
