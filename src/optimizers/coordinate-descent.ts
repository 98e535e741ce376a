/**
 * Greedy coordinate descent (Gauss–Southwell rule): steepest descent with respect to the l1 norm. With
 * g = ∇F(w_t) and k = argmax_j |g_j| (ties: the smallest j),
 *
 *   lineSearch 'armijo' (default):  w_{t+1} = w_t − s_t g_k e_k, s_t the first of s̄, s̄/2, s̄/4, … with
 *                                   F(w_t − s g_k e_k) ≤ F(w_t) − c s g_k²  (Armijo backtracking on coordinate k;
 *                                   s̄ = 2 s_{t−1} with s_{−1} = η/2, i.e. the search starts at η and may grow
 *                                   back after a short step; `warmStart: false` starts every search at η).
 *                                   The search halves until the trial point rounds to w_t itself, and then
 *                                   takes that null step (F at its resolution, e.g. a subnormal F).
 *   lineSearch 'fixed':             w_{t+1} = w_t − η g_k e_k
 *
 * The 'fixed' form is the steepest-descent step for ‖·‖₁, Δw = −η ‖g‖∞ argmax_{‖v‖₁ ≤ 1}⟨v, g⟩, of Gunasekar,
 * Lee, Soudry & Srebro (ICML 2018); on the exponential loss of a ±1 margin matrix an exact line search on the
 * chosen coordinate is AdaBoost (see adaboost.ts). Small steps give the l1 max margin in the limit
 * (Zhang & Yu, "Boosting with early stopping", Ann. Statist. 2005; `coordinate-descent-maximizes-l1-margin`).
 * Costs 1 objective evaluation per step for 'fixed', 1 + (number of trials) for 'armijo' (counted in `evals`).
 */
import { NumericalError } from '../harness/errors.js';
import { checkDims, checkPositive } from './validate.js';
import type { OptState, Optimizer } from './types.js';

export interface CoordinateDescentOptions {
  /** fixed step η, or the first trial step of the line search */
  eta: number;
  /** 'armijo' (default) or 'fixed' */
  lineSearch?: 'armijo' | 'fixed';
  /** Armijo sufficient-decrease constant c ∈ (0, 1); default 1e-4 */
  armijo?: number;
  /** start each search at twice the last accepted step (default true) or always at η */
  warmStart?: boolean;
}

export interface CoordinateDescentState extends OptState {
  /** ∇F(w_{t−1}), the gradient that chose the last coordinate */
  readonly g: Float64Array;
  /** scratch: the gradient at the line search's trial points */
  readonly gTrial: Float64Array;
  /** the coordinate moved at the last step (−1 before the first step or when the gradient was 0) */
  coord: number;
  /** the last accepted step s (η for 'fixed') */
  step: number;
  /** objective evaluations so far */
  evals: number;
}

export function coordinateDescent(opts: CoordinateDescentOptions): Optimizer<CoordinateDescentState> {
  const name = 'coordinate-descent';
  const eta = checkPositive(name, 'eta', opts.eta);
  const lineSearch = opts.lineSearch ?? 'armijo';
  if (lineSearch !== 'armijo' && lineSearch !== 'fixed')
    throw new RangeError(`${name}: lineSearch must be 'armijo' or 'fixed', got ${String(lineSearch)}`);
  const c = opts.armijo ?? 1e-4;
  if (!(c > 0 && c < 1)) throw new RangeError(`${name}: armijo must be in (0, 1), got ${c}`);
  const warmStart = opts.warmStart ?? true;
  return {
    name,
    params: lineSearch === 'fixed' ? { eta, lineSearch } : { eta, lineSearch, armijo: c, warmStart },
    init(w0, obj) {
      checkDims(name, w0, obj);
      const d = w0.length;
      return { w: Float64Array.from(w0), t: 0, g: new Float64Array(d), gTrial: new Float64Array(d), coord: -1, step: eta / 2, evals: 0 };
    },
    update(s, obj) {
      const { w, g } = s;
      const f = obj.valueAndGrad(w, g);
      s.evals++;
      const k = argmaxAbs(g);
      const gk = g[k];
      if (!(Number.isFinite(f) && Number.isFinite(gk)))
        throw new NumericalError(`${name}: F(w_t) = ${f}, ∂_${k}F = ${gk} at step ${s.t}`);
      if (gk === 0) {
        s.coord = -1; // stationary: nothing to do
      } else if (lineSearch === 'fixed') {
        w[k] -= eta * gk;
        s.coord = k;
        s.step = eta;
      } else {
        s.step = armijoOnCoordinate(s, obj, k, f, warmStart ? 2 * s.step : eta, c);
        s.coord = k;
      }
      s.t++;
    },
  };
}

/** Index of the largest |a_j|, the smallest such j; a NaN entry wins, so a NaN gradient is not skipped. */
function argmaxAbs(a: Float64Array): number {
  let best = 0;
  let bestAbs = Math.abs(a[0]);
  for (let j = 1; j < a.length; j++) {
    const v = Math.abs(a[j]);
    if (v > bestAbs || (v !== v && bestAbs === bestAbs)) {
      best = j;
      bestAbs = v;
    }
  }
  return best;
}

/**
 * Moves w[k] by −s g_k with the first s = s̄, s̄/2, … meeting Armijo's condition and returns s; once the trial
 * point rounds to w[k] itself, leaves w[k] and returns that (tiny, positive) s. Needs finite F and g_k.
 */
function armijoOnCoordinate(
  s: CoordinateDescentState,
  obj: { valueAndGrad(w: Float64Array, g: Float64Array): number },
  k: number,
  f: number,
  s0: number,
  c: number,
): number {
  const { w, g, gTrial } = s;
  const wk = w[k];
  const gk = g[k];
  let step = s0;
  for (;;) {
    const trial = wk - step * gk;
    if (trial === wk) return Math.max(step, Number.MIN_VALUE);
    w[k] = trial;
    const ft = obj.valueAndGrad(w, gTrial);
    s.evals++;
    if (ft <= f - c * step * gk * gk) return step;
    step *= 0.5;
  }
}
