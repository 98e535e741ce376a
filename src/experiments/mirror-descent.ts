/**
 * The trial of claims/beyond-lectures/mirror-descent-converges-to-lp-max-margin: the direction of mirror descent
 * (ψ = ‖w‖_p^p/p) against the certified l_p max-margin separator (src/solvers/lp-norm-margin.ts).
 *
 * Rule (section A's, src/harness/rules.ts LIMIT_MAX_SHRINK): the angle gap g(t) = ‖w_t/‖w_t‖ − w_p/‖w_p‖‖
 * must shrink over [√T, T] by a factor ≤ MAX_SHRINK and end at its lowest there. Why that applies: with the
 * mirror variable θ_t = ∇ψ(w_t) ≈ a log t + ρ_t (Sun et al.: θ grows along the dual of w_p, as GD's iterate does
 * along ŵ), w_t = ∇ψ*(θ_t) has direction error O(‖ρ‖/log t), so the gap shrinks at GD's 1/log t pace (factor ½ over
 * [√T, T]). The reference direction is known to within the certificate (relative duality gap ≤ 1e-6, a direction
 * error of order √1e-6 = 1e-3, well below the gaps measured at T: 0.03–0.2). A gap that does not shrink is
 * "inconclusive" (ρ may still be in its transient); "violated" needs iterates stopped at a finite point.
 * The shrink alone does not tell mirror descent from GD (GD's gap to w_p also shrinks early, on its way to ū):
 * the data must have an l2 direction ū at least MIN_L2_TO_LP from w_p's (the limits differ), and the gap at T
 * must be below ū's own gap to w_p and below the iterate's own gap to ū (it is nearer w_p than GD's limit is, and
 * on w_p's side). Measured at T = 1e6 on such
 * data: mirror descent 0.035–0.19 against ū's 0.15–0.30; GD 0.09–0.29, heading for ū's.
 */
export const MIN_L2_TO_LP = 0.1;
import { ClaimViolation, Inconclusive } from '../harness/errors.js';
import type { TrialResult } from '../harness/types.js';
import { angleGap } from '../metrics/margins.js';
import { stalled } from '../metrics/residual-limit.js';
import { maxMarginLpNorm } from '../solvers/lp-norm-margin.js';
import { nearestIndex } from './gd-claims.js';
import { LIMIT_MAX_SHRINK as MAX_SHRINK } from '../harness/rules.js';
import type { GdExperiment } from './gd-separable.js';
import { norm2 } from '../linalg/vec.js';

export function directionToLpMaxMargin(e: GdExperiment, p: number): TrialResult {
  const { Z, n, d } = e.ds;
  const ref = maxMarginLpNorm(Z, n, d, p);
  const r = norm2(ref.w);
  const wp = ref.w.map((v) => v / r);
  const t = e.trace.t;
  const gap = e.trace.w.map((w) => angleGap(w, wp));
  const toL2 = e.trace.w.map((w) => angleGap(w, e.svm.direction));
  const T = t.at(-1)!;
  const mid = nearestIndex(t, Math.sqrt(T));
  const shrink = gap.at(-1)! / gap[mid];
  const figures = { p, gapAtSqrtT: gap[mid], gapAtT: gap.at(-1)!, shrink, gapToL2AtT: toL2.at(-1)!, l2ToLp: angleGap(e.svm.direction, wp), lpMarginDualGap: ref.dualGap, tEnd: T };
  const plot = {
    title: `direction of mirror descent (p = ${p}) against the l_p and l2 max-margin directions`,
    xLabel: 't',
    yLabel: 'angle gap',
    xLog: true,
    yLog: true,
    series: [
      { name: `to the l${p} max margin`, x: t, y: gap },
      { name: 'to the l2 max margin ū', x: t, y: toL2 },
    ],
  };
  const what = `gap to the l${p} max-margin direction ${gap[mid].toPrecision(3)} at t = ${t[mid]}, ${gap.at(-1)!.toPrecision(3)} at T = ${T} (factor ${shrink.toPrecision(3)}, rule ≤ ${MAX_SHRINK})`;
  // nearer w_p than ū is, and nearer w_p than to ū: GD's own path can pass within ū's distance of w_p on its way
  // to ū (measured once in 6 datasets at T = 1e5: 0.113 < 0.123), but then it is nearer ū (0.106)
  const nearer = gap.at(-1)! < figures.l2ToLp && gap.at(-1)! < toL2.at(-1)!;
  if (shrink <= MAX_SHRINK && gap.at(-1)! <= Math.min(...gap.slice(mid)) && nearer) return { figures, slack: Math.min(1 - shrink / MAX_SHRINK, 1 - gap.at(-1)! / figures.l2ToLp), plot };
  if (stalled(t, e.trace.w)) throw new ClaimViolation(`the iterates stopped at a finite point: ${what}`, figures, plot);
  throw new Inconclusive(`${what}${nearer ? '' : `, not yet nearer w_p than ū is (${figures.l2ToLp.toPrecision(3)}) and than to ū (${toL2.at(-1)!.toPrecision(3)})`}; the iterates still move, so the mirror residual may still be in its transient: a longer horizon decides more`, figures, plot);
}

/** Data on which the l_p and l2 max-margin directions differ by at least MIN_L2_TO_LP (the claim's precondition). */
export function lpDiffersFromL2(Z: Float64Array, n: number, d: number, p: number, l2Direction: Float64Array): boolean {
  const w = maxMarginLpNorm(Z, n, d, p).w;
  const r = norm2(w);
  return angleGap(l2Direction, w.map((v) => v / r)) >= MIN_L2_TO_LP;
}
