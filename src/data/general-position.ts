import type { SvmSolution } from '../solvers/svm.js';

/**
 * Thresholds of "general position" for the rate claims. Soudry et al.'s rates hold for almost all datasets, but
 * their constants blow up near degenerate data: a point on (or just off) the margin with a tiny dual
 * coefficient makes the residual grow like (1/c) log log t with c its distance from the support span, a
 * transient longer than any budget (a shrunk counterexample had c = 0.001: e^{cρ} needs log t ≫ γ²/c² = 1e4).
 * - MIN_ALPHA_RATIO: every support vector carries α_i ≥ 5% of the largest α (strict complementarity, robustly)
 * - MIN_NONSUPPORT_GAP: every other point has ⟨ŵ, z_i⟩ ≥ 1.1, so its share of the gradient fades like t^{−0.1}
 *   or faster
 */
export const MIN_ALPHA_RATIO = 0.05;
export const MIN_NONSUPPORT_GAP = 0.1;

/** Why a dataset is not in general position for the rate claims, or null when it is. */
export function notInGeneralPosition(svm: SvmSolution): string | null {
  const amax = Math.max(...svm.alpha);
  for (let i = 0; i < svm.margins.length; i++) {
    const m = svm.margins[i];
    const a = svm.alpha[i];
    const onMargin = svm.support.includes(i);
    if (onMargin && a < MIN_ALPHA_RATIO * amax) return `point ${i} is on the margin with α = ${a.toPrecision(3)} < ${MIN_ALPHA_RATIO}·max α (degenerate)`;
    if (!onMargin && m < 1 + MIN_NONSUPPORT_GAP) return `point ${i} has ⟨ŵ, z⟩ = ${m.toPrecision(4)}, within ${MIN_NONSUPPORT_GAP} of the margin`;
  }
  return null;
}
