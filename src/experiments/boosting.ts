import { adaboost, type AdaBoostState, type Objective, type OptState, type Optimizer, type PerceptronState } from '../optimizers/index.js';
import { checkDims } from '../optimizers/validate.js';

/** The l1-normalized margin min_i ⟨a, M_i⟩ / ‖a‖₁ of weights a on the columns of a point-major n×m matrix. */
export function l1Margin(M: Float64Array, n: number, m: number, a: ArrayLike<number>): number {
  let min = Infinity;
  let l1 = 0;
  for (let j = 0; j < m; j++) l1 += Math.abs(a[j]);
  for (let i = 0; i < n; i++) {
    let u = 0;
    for (let j = 0; j < m; j++) u += a[j] * M[i * m + j];
    min = Math.min(min, u);
  }
  return l1 > 0 ? min / l1 : -Infinity;
}

/**
 * A mutant AdaBoost for negative controls: the step's ratio inverted, α_t = ½ ln((1 − γ_t)/(1 + γ_t)) = −atanh γ_t
 * (a classic transcription error). Runs the reference kernel's update, then replaces its +α_t on coordinate j_t
 * by −α_t and recomputes the margins u_i and the distribution D ∝ exp(−u) exactly as the kernel does.
 */
export function adaboostInvertedStep(): Optimizer<AdaBoostState> {
  const inner = adaboost();
  return {
    name: 'adaboost[inverted step]',
    params: { ...inner.params, step: '½ ln((1 − γ)/(1 + γ))' },
    init: (a0, obj) => inner.init(a0, obj),
    update(s, obj) {
      inner.update(s, obj);
      const { Z, n, d: m } = obj.examples!;
      const j = s.coord;
      s.w[j] -= 2 * s.alpha;
      for (let i = 0; i < n; i++) s.margins[i] -= 2 * s.alpha * Z[i * m + j];
      let lo = Infinity;
      for (let i = 0; i < n; i++) lo = Math.min(lo, s.margins[i]);
      let total = 0;
      for (let i = 0; i < n; i++) total += s.dist[i] = Math.exp(lo - s.margins[i]);
      for (let i = 0; i < n; i++) s.dist[i] /= total;
      s.alpha = -s.alpha;
    },
  };
}

/**
 * A mutant perceptron for negative controls: it visits the examples cyclically like the reference kernel and counts
 * its mistakes, but never updates w (the update line deleted).
 */
export function frozenPerceptron(): Optimizer<PerceptronState> {
  return {
    name: 'perceptron[never updates]',
    params: { eta: 0 },
    init(w0: Float64Array, obj: Objective) {
      checkDims('perceptron[never updates]', w0, obj);
      return { w: Float64Array.from(w0), t: 0, mistakes: 0, cursor: 0, sinceMistake: 0, n: obj.examples!.n };
    },
    update(s: PerceptronState, obj: Objective) {
      const { Z, n, d } = obj.examples!;
      let u = 0;
      for (let k = 0; k < d; k++) u += s.w[k] * Z[s.cursor * d + k];
      if (!(u > 0)) (s.mistakes++, (s.sinceMistake = 0));
      else s.sinceMistake++;
      s.cursor = (s.cursor + 1) % n;
      s.t++;
    },
  };
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
