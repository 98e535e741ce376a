import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import { mutantControl } from '../../src/impl/mutant-control.js';
import type { ClaimContext, TrialResult } from '../../src/harness/types.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import type { GdCurves, GdExperiment } from '../../src/experiments/gd-separable.js';
import { marginGradient } from '../../src/optimizers/gd.js';
import { logRisk } from '../../src/metrics/margins.js';
import { PAPERS, SEED_001 } from '../../src/experiments/sources.js';

/**
 * Soudry et al. (2018) Lemma 1, the first step of the proof of Theorem 3: with η < 2/β_L (β_L = β σ_max² the
 * smoothness of L), the descent lemma gives L(w_{t+1}) ≤ L(w_t) − c‖∇L(w_t)‖², c = η(1 − η β_L/2) > 0, so
 * L(w_t) is non-increasing and Σ_t ‖∇L(w_t)‖² ≤ (L(w_0) − L(w_t))/c < ∞. What the iterates alone must then show:
 * (a) L(w_t) non-increasing at every checkpoint (up to ROUND, relative, on log L);
 * (b) the path is short: ‖w_t − w_0‖ ≤ η Σ_{s<t} ‖∇L(w_s)‖ ≤ η √(t (L(w_0) − L(w_t))/c) (Cauchy–Schwarz), up to
 *     ROUND relative;
 * (c) the descent lemma itself, L(w_{t+1}) ≤ L(w_t) − c‖∇L(w_t)‖², wherever two recorded iterates are consecutive:
 *     t = 0 → 1 (w_0 is known) and the first checkpoints (1, 2, …, ~10 at 20 per decade), where the steps are
 *     largest and the inequality is most likely to break; up to ROUND·L(w_t).
 * Both are exact consequences for every t, so one checkpoint outside refutes the lemma (or shows the run is not
 * GD with that step). ROUND = 1e-9: log L is formed by log-sum-exp (relative error ~1e-15 per term) and ‖w_t − w_0‖
 * by one subtraction per coordinate. For the exponential loss β_L is the sublevel-set bound L(w_0)σ_max², valid
 * because (a) keeps the run in {L ≤ L(w_0)}.
 */
const ROUND = 1e-9;

function descentLemma(e: GdExperiment, c: GdCurves): TrialResult {
  const { eta } = e.cfg;
  const bound = e.trace.etaBound; // 2/β of the risk as run (sum, or mean with β/n)
  const cDescent = eta * (1 - eta / bound);
  const L0 = Math.exp(logRiskAt(e));
  let worstPath = 0;
  let worstT = c.t[0];
  for (let k = 0; k < c.t.length; k++) {
    if (k > 0 && c.logLoss[k] > c.logLoss[k - 1] + ROUND)
      throw new ClaimViolation(`L(w_t) increased from ${c.loss[k - 1].toPrecision(6)} at t=${c.t[k - 1]} to ${c.loss[k].toPrecision(6)} at t=${c.t[k]}`, { t: c.t[k], lossBefore: c.loss[k - 1], lossAfter: c.loss[k] });
    const path = Math.hypot(...e.trace.w[k].map((v, j) => v - e.w0[j]));
    const allowed = eta * Math.sqrt((c.t[k] * Math.max(0, L0 - c.loss[k])) / cDescent);
    const ratio = path / (allowed * (1 + ROUND) + 1e-300);
    if (ratio > worstPath) [worstPath, worstT] = [ratio, c.t[k]];
  }
  const steps = sufficientDecrease(e, c, cDescent, L0);
  const figures = { eta, etaBound: bound, worstPathOverBound: worstPath, atT: worstT, lossAtT: c.loss.at(-1)!, consecutiveStepsChecked: steps.checked, smallestDecreaseOverBound: steps.worst };
  if (worstPath > 1)
    throw new ClaimViolation(`‖w_t − w_0‖ exceeds η√(t(L(w_0) − L(w_t))/c) by a factor ${worstPath.toPrecision(4)} at t=${worstT}: Σ‖∇L‖² is not bounded as the descent lemma requires`, figures);
  return { figures, slack: 1 - worstPath };
}

/**
 * (c): at each pair of consecutive recorded iterates (w_0 → w_1, then checkpoints t, t + 1), the decrease
 * L(w_t) − L(w_{t+1}) against c‖∇L(w_t)‖². Returns how many steps were checked and the smallest ratio.
 */
function sufficientDecrease(e: GdExperiment, c: GdCurves, cDescent: number, L0: number): { checked: number; worst: number } {
  const { n, d, Z } = e.ds;
  const g = new Float64Array(d);
  const scale = e.cfg.mean ? 1 / n : 1;
  let checked = 0;
  let worst = Infinity;
  for (let k = -1; k + 1 < c.t.length; k++) {
    const t = k < 0 ? 0 : c.t[k];
    if (c.t[k + 1] !== t + 1) continue;
    const w = k < 0 ? e.w0 : e.trace.w[k];
    const Lt = k < 0 ? L0 : c.loss[k];
    marginGradient(Z, n, d, (u) => e.cfg.loss.derivative(u), w, g);
    let gg = 0;
    for (let j = 0; j < d; j++) gg += (scale * g[j]) ** 2;
    const required = cDescent * gg;
    const decrease = Lt - c.loss[k + 1];
    checked++;
    worst = Math.min(worst, decrease / required);
    if (decrease < required - ROUND * Lt)
      throw new ClaimViolation(
        `the descent lemma fails at t=${t}: L(w_t) − L(w_{t+1}) = ${decrease.toPrecision(6)} < c‖∇L(w_t)‖² = ${required.toPrecision(6)} (c = η(1 − η/η_max) = ${cDescent.toPrecision(4)}): the step is not a gradient step of size η`,
        { t, decrease, required, lossAtT: Lt },
      );
  }
  return { checked, worst };
}

/** L(w_0), on the scale of the run (sum or mean). */
function logRiskAt(e: GdExperiment): number {
  // as the trace records L(w_t) (src/optimizers/gd.ts), so L(w_0) and L(w_t) compare like with like
  return logRisk(e.ds.Z, e.ds.n, e.ds.d, e.w0, e.cfg.loss) - (e.cfg.mean ? Math.log(e.ds.n) : 0);
}


export const claim = defineClaim({
  id: 'gd-loss-decreases-gradients-summable',
  title: 'GD with η < 2/(β σ_max²) decreases the loss and its squared gradients are summable (Lemma 1 of Soudry et al.)',
  group: 'A. Gradient descent on separable data',
  topic: 'proof steps',
  roles: ['gd'],
  source: { ...SEED_001, slide: 'Theorem 3 (Soudry et al., as reproduced on the slide)', paper: PAPERS.soudry2018.name, theorem: 'Lemma 1 (L(w(t)) decreasing, Σ‖∇L(w(t))‖² < ∞), the first step of Theorem 3', links: [PAPERS.soudry2018] },
  statement: 'for η < 2β⁻¹σ_max⁻²(X): L(w_{t+1}) ≤ L(w_t) − c‖∇L(w_t)‖² with c = η(1 − ηβσ_max²/2) > 0, so L(w_t) is non-increasing and Σ_t ‖∇L(w_t)‖² ≤ (L(w_0) − L(w_t))/c, hence ‖w_t − w_0‖ ≤ η√(t(L(w_0) − L(w_t))/c)',
  assumptions: [
    'data linearly separable through the origin, ‖x_i‖ ≤ 1 (planted, verified), any position',
    'logistic loss, risk as a sum; η = 0.9 · 2/(β σ_max²(X)) (checked); w(0) = 0',
  ],
  measurement: 'log L(w_t) at every checkpoint; ‖w_t − w_0‖ against η√(t(L(w_0) − L(w_t))/c); L(w_t) − L(w_{t+1}) against c‖∇L(w_t)‖² at every pair of consecutive recorded iterates (t = 0 → 1 and the first checkpoints)',
  expectation: `confirmed when L never increases, the path never exceeds its bound and every checked step decreases L by c‖∇L‖² (all up to ${ROUND} relative)`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty(ctx, { generalPosition: false, trial: descentLemma }),
  control: mutantControl('gd-sign-slip', (ctx) => gdProperty(ctx, { generalPosition: false, trial: descentLemma })),
});
