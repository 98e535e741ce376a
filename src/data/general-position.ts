import type { SvmSolution } from '../solvers/svm.js';

/**
 * Thresholds of "general position" for the rate claims. Soudry et al.'s rates hold for almost all datasets, but
 * their constants blow up near degenerate data: a point on (or just off) the margin with a tiny dual
 * coefficient makes the residual grow like (1/c) log log t with c its distance from the support span, a
 * transient longer than any budget (a shrunk counterexample had c = 0.001: e^{cρ} needs log t ≫ γ²/c² = 1e4).
 * - MIN_ALPHA_RATIO: every support vector carries α_i ≥ 5% of the largest α (strict complementarity, robustly)
 * - a non-support gap δ: every other point has ⟨ŵ, z_i⟩ ≥ 1 + δ. Its pull on w fades like t^{−(1+δ)}, so after
 *   time t the residual can still move by about ∫_t^∞ s^{−1−δ} ds·t = t^{−δ}/δ (in units of the data). For the
 *   trend over [√T, T] to be the asymptotic one, that must be small at √T: {@link nonSupportGapFor} picks the
 *   smallest δ on a 0.05 grid with (√T)^{−δ}/δ ≤ 0.25 (δ = 0.4 at T = 1e5 and 1e6, 0.35 at 1e7). Measured: with
 *   δ = 0.1 a third of the trials at T = 1e6 were still in that transient.
 */
export const MIN_ALPHA_RATIO = 0.05;

/** The non-support gap δ that makes the residual's transient fit the horizon T (see above). */
export function nonSupportGapFor(T: number): number {
  for (let delta = 0.05; delta < 2; delta += 0.05) if (Math.sqrt(T) ** -delta / delta <= 0.25) return Math.round(delta * 100) / 100;
  return 2;
}

/** Why a dataset is not in general position for the rate claims, or null when it is. */
export function notInGeneralPosition(svm: SvmSolution, delta: number): string | null {
  const amax = Math.max(...svm.alpha);
  for (let i = 0; i < svm.margins.length; i++) {
    const m = svm.margins[i];
    const a = svm.alpha[i];
    const onMargin = svm.support.includes(i);
    if (onMargin && a < MIN_ALPHA_RATIO * amax) return `point ${i} is on the margin with α = ${a.toPrecision(3)} < ${MIN_ALPHA_RATIO}·max α (nearly degenerate: a long transient)`;
    if (!onMargin && m < 1 + delta) return `point ${i} has ⟨ŵ, z⟩ = ${m.toPrecision(4)}, within ${delta} of the margin`;
  }
  return null;
}
