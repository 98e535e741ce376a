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
 *   lineSearch 'fixed':             w_{t+1} = w_t − η_t g_k e_k,  η_t = η/(t+1)^p  (p = `decayPower`, default 0)
 *
 * The 'fixed' form is the steepest-descent step for ‖·‖₁, Δw = −η ‖g‖∞ argmax_{‖v‖₁ ≤ 1}⟨v, g⟩, of Gunasekar,
 * Lee, Soudry & Srebro (ICML 2018); on the exponential loss of a ±1 margin matrix an exact line search on the
 * chosen coordinate is AdaBoost (see adaboost.ts). Small steps give the l1 max margin in the limit
 * (Zhang & Yu, "Boosting with early stopping", Ann. Statist. 2005; `coordinate-descent-maximizes-l1-margin`).
 * Costs 1 objective evaluation per step for 'fixed' and one per trial point for 'armijo' (counted in `evals`):
 * F(w_t) and ∇F(w_t) are part of the state, evaluated once by init and then at each accepted point. So update
 * assumes state.w changes only through update.
 */
import { NumericalError } from '../harness/errors.js';
import { checkDims, checkNonNegative, checkPositive } from './validate.js';
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
  /** p in the fixed step η_t = η/(t+1)^p (default 0); only with lineSearch 'fixed' */
  decayPower?: number;
}

export interface CoordinateDescentState extends OptState {
  /** ∇F(w_t), evaluated by init and kept current by update (it chooses the next coordinate) */
  readonly g: Float64Array;
  /** F(w_t), kept current like g */
  value: number;
  /** scratch: the gradient at the line search's trial points */
  readonly gTrial: Float64Array;
  /** the coordinate moved at the last step (−1 before the first step or when the gradient was 0) */
  coord: number;
  /** the last accepted step s (η for 'fixed') */
  step: number;
  /** objective evaluations so far, init's included */
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
  const p = checkNonNegative(name, 'decayPower', opts.decayPower ?? 0);
  if (p > 0 && lineSearch !== 'fixed') throw new RangeError(`${name}: decayPower applies to the fixed step only (lineSearch 'fixed'), got lineSearch '${lineSearch}'`);
  return {
    name,
    params: lineSearch === 'fixed' ? (p === 0 ? { eta, lineSearch } : { eta, lineSearch, decayPower: p }) : { eta, lineSearch, armijo: c, warmStart },
    init(w0, obj) {
      checkDims(name, w0, obj);
      const d = w0.length;
      const s: CoordinateDescentState = { w: Float64Array.from(w0), t: 0, g: new Float64Array(d), value: 0, gTrial: new Float64Array(d), coord: -1, step: eta / 2, evals: 1 };
      s.value = obj.valueAndGrad(s.w, s.g);
      return s;
    },
    // One evaluation site per mode, and F, ∇F carried from step to step in the state: every call here stays
    // inlinable (a second call site exceeds V8's inlining budget and then boxes the returned F, i.e. allocates).
    update(s, obj) {
      const { w, g, gTrial } = s;
      const f = s.value;
      const k = argmaxAbs(g);
      const gk = g[k];
      if (!(Number.isFinite(f) && Number.isFinite(gk)))
        throw new NumericalError(`${name}: F(w_t) = ${f}, ∂_${k}F = ${gk} at step ${s.t}`);
      if (gk === 0) {
        s.coord = -1; // stationary: nothing to do
      } else if (lineSearch === 'fixed') {
        const et = p === 0 ? eta : eta / Math.pow(s.t + 1, p);
        w[k] -= et * gk;
        s.value = obj.valueAndGrad(w, g);
        s.evals++;
        s.coord = k;
        s.step = et;
      } else {
        // Armijo backtracking on coordinate k: halve until the decrease holds or the trial point rounds to w_k
        // itself (then the null step: w, F and ∇F stay as they are).
        const wk = w[k];
        if (!Number.isFinite(wk)) throw new NumericalError(`${name}: w_t[${k}] = ${wk} at step ${s.t}`);
        let step = warmStart ? Math.min(2 * s.step, 1e300) : eta; // a doubled step never reaches Infinity
        for (;;) {
          const trial = wk - step * gk;
          if (trial === wk) {
            w[k] = wk; // undo the last rejected trial
            break;
          }
          w[k] = trial;
          const ft = obj.valueAndGrad(w, gTrial);
          s.evals++;
          if (ft <= f - c * step * gk * gk) {
            s.value = ft;
            g.set(gTrial);
            break;
          }
          step *= 0.5;
        }
        s.step = Math.max(step, Number.MIN_VALUE);
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
