import type { Objective, OptState, Optimizer } from '../optimizers/index.js';
import { minMargin } from '../metrics/margins.js';

/** The l1-normalized margin min_i ⟨a, M_i⟩ / ‖a‖₁ of weights a on the columns of a point-major n×m matrix. */
export function l1Margin(M: Float64Array, n: number, m: number, a: ArrayLike<number>): number {
  let l1 = 0;
  for (let j = 0; j < m; j++) l1 += Math.abs(a[j]);
  return l1 > 0 ? minMargin(M, n, m, a) / l1 : -Infinity;
}

/**
 * Runs a perceptron-like optimizer example by example (visit t looks at example t mod n, as the kernel does) and
 * counts the mistakes itself — visits where ⟨w, z_i⟩ ≤ 0 before the update — rather than trusting the
 * optimizer's counter. Stops after a full pass without a mistake, or after `maxVisits`.
 */
export function countPerceptronMistakes<S extends OptState>(opt: Optimizer<S>, obj: Objective, maxVisits: number): { mistakes: number; visits: number; converged: boolean; curve: { t: number[]; mistakes: number[] } } {
  const { Z, n, d } = obj.examples!;
  const s = opt.init(new Float64Array(d), obj);
  let mistakes = 0;
  let clean = 0;
  const curve = { t: [0], mistakes: [0] };
  for (let t = 0; t < maxVisits; t++) {
    const i = t % n;
    let u = 0;
    for (let k = 0; k < d; k++) u += s.w[k] * Z[i * d + k];
    if (!(u > 0)) {
      mistakes++;
      clean = 0;
      curve.t.push(t + 1);
      curve.mistakes.push(mistakes);
    } else if (++clean >= n) return { mistakes, visits: t + 1, converged: true, curve };
    opt.update(s, obj);
  }
  return { mistakes, visits: maxVisits, converged: false, curve };
}
