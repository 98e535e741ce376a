import { withValidation, type WithValidation } from '../../src/data/validation.js';
import { ClaimViolation, Inconclusive } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext, TrialResult } from '../../src/harness/types.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import type { GdCurves, GdExperiment } from '../../src/experiments/gd-separable.js';
import { PAPERS, SEED_000 } from '../../src/experiments/sources.js';
import { logistic } from '../../src/losses/loss.js';
import { fitLine, lateIndices } from '../../src/metrics/fit.js';
import { stalled } from '../../src/metrics/residual-limit.js';

/**
 * With w_t ≈ ŵ log t, a held-out point z = y x that ŵ misclassifies (⟨ŵ, z⟩ < 0) has logistic loss
 * ≈ −⟨ŵ, z⟩ log t, so the summed validation loss grows with slope S = Σ_{misclassified} |⟨ŵ, z_j⟩| against log t
 * (the correctly classified points' losses vanish). Checks on the late half of the horizon:
 * - loss: fitted slope of the validation loss against log t within SLOPE_TOL of S (S > 0 by construction);
 *   SLOPE_TOL = 0.15: the slope is S plus the change of Σ⟨ρ(t), −z_j⟩ over the window divided by its width
 *   (ρ settles on data in general position), and the logistic loss differs from |u| by ln(1 + e^{−|u|}) ≤ e^{−|u|}.
 * - error: the validation error (fraction misclassified by w_t) never increases between late checkpoints —
 *   a direct observation, so one increase refutes "error does not increase".
 * Violated by an error increase, or by stalled iterates (loss constant); loss slope off while the iterates
 * move is inconclusive.
 */
const SLOPE_TOL = 0.15;

function lossUpErrorDown(e: GdExperiment, c: GdCurves, ds: WithValidation): TrialResult {
  const v = ds.validation;
  const wHat = e.svm.w;
  const S = v.misclassifiedByMaxMargin.reduce((a, j) => a - v.Z.subarray(j * v.d, (j + 1) * v.d).reduce((s, z, k) => s + z * wHat[k], 0), 0);
  const loss: number[] = [];
  const err: number[] = [];
  for (const w of e.trace.w) {
    let L = 0;
    let wrong = 0;
    for (let j = 0; j < v.n; j++) {
      let u = 0;
      for (let k = 0; k < v.d; k++) u += w[k] * v.Z[j * v.d + k];
      L += logistic.value(u);
      if (u <= 0) wrong++;
    }
    loss.push(L);
    err.push(wrong / v.n);
  }
  const late = lateIndices(c.t, 0.5);
  const fit = fitLine(late.map((i) => c.logT[i]), late.map((i) => loss[i]));
  const rel = Math.abs(fit.slope / S - 1);
  const figures = { predictedSlope: S, fittedSlope: fit.slope, relErr: rel, errorAtSqrtT: err[late[0]], errorAtT: err.at(-1)!, errorOfMaxMargin: v.misclassifiedByMaxMargin.length / v.n, validationPoints: v.n };
  const plot = {
    title: 'validation loss rises like log t while the validation error does not rise',
    xLabel: 't',
    yLabel: 'summed logistic loss / error',
    xLog: true,
    series: [
      { name: 'validation loss', x: c.t, y: loss },
      { name: `Σ|⟨ŵ, z_j⟩| log t + offset (slope ${S.toPrecision(3)})`, x: c.t, y: c.logT.map((l) => S * l + fit.intercept), role: 'predicted' as const },
      { name: 'validation error', x: c.t, y: err },
    ],
  };
  for (let j = 1; j < late.length; j++)
    if (err[late[j]] > err[late[j - 1]])
      throw new ClaimViolation(`validation error rose from ${err[late[j - 1]]} at t=${c.t[late[j - 1]]} to ${err[late[j]]} at t=${c.t[late[j]]}`, figures, plot);
  if (rel <= SLOPE_TOL) return { figures, slack: 1 - rel / SLOPE_TOL, plot, data: { t: c.t, loss, err } };
  if (stalled(c.t, e.trace.w)) throw new ClaimViolation(`the iterates stopped: the validation loss stays at ${loss.at(-1)!.toPrecision(4)} (slope ${fit.slope.toPrecision(3)}, predicted ${S.toPrecision(3)})`, figures, plot);
  throw new Inconclusive(`validation loss slope ${fit.slope.toPrecision(4)} against log t, predicted ${S.toPrecision(4)} (off ${(100 * rel).toFixed(1)}%)`, figures, plot);
}

export const claim = defineClaim({
  id: 'validation-loss-rises-while-error-falls',
  title: 'On held-out data the validation loss rises (∝ log t) while the validation error does not',
  group: 'A. Gradient descent on separable data',
  topic: 'generalization',
  roles: ['gd'],
  source: { ...SEED_000, slide: 'loss ↗ but error ↘ (bad probabilities, good separation)', paper: PAPERS.soudry2018.name, theorem: 'Sec. 5 (validation loss grows like log t)', links: [PAPERS.soudry2018] },
  statement: 'if ŵ misclassifies some held-out points, their logistic loss grows like Σ_j |⟨ŵ, z_j⟩| log t, while the held-out error does not increase',
  assumptions: [
    'training data linearly separable through the origin, ‖x_i‖ ≤ 1 (planted, verified), in general position for the horizon (so ρ settles; inputs outside are redrawn)',
    'held-out points at distance ≥ 0.2 from ū\'s boundary (before scaling into the unit ball), at least one misclassified by ū',
    'logistic loss, risk as a sum; η = 0.9 · 2/(β σ_max²(X)) (checked); w(0) = 0',
  ],
  measurement: 'summed validation loss and validation error at the late checkpoints; slope of the loss against log t against Σ|⟨ŵ, z_j⟩|',
  expectation: `confirmed when the loss slope is within ${100 * SLOPE_TOL}% of the prediction and the error never rises on the late half`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty<WithValidation>(ctx, { arbitrary: withValidation({ n: [3, 8] }), trial: lossUpErrorDown }),
  control: {
    description: 'GD with weight decay λ = 1e-3: the iterates stop, the validation loss stops rising',
    check: (ctx: ClaimContext) =>
      gdProperty<WithValidation>(ctx, { arbitrary: withValidation({ n: [3, 8] }), gd: () => ({ weightDecay: 1e-3 }), trial: lossUpErrorDown }),
  },
});
