/**
 * AdaBoost (Freund & Schapire, JCSS 1997) over a finite class of weak learners given as a margin matrix
 * M ∈ [−1, 1]^{n×m}, M[i*m + j] = y_i h_j(x_i) (usually ±1): the `examples` of a margin objective whose
 * "features" are the weak learners' outputs (point-major, like every dataset here). With example distribution
 * D_t and edges γ_j = Σ_i D_t(i) M_ij:
 *
 *   j_t = argmax_j |γ_j|,   γ_t = γ_{j_t},   α_t = ½ ln((1 + γ_t)/(1 − γ_t)) = atanh γ_t,   a ← a + α_t e_{j_t},
 *   D_{t+1}(i) ∝ exp(−⟨a, M_i⟩)
 *
 * A negative edge gives a negative α (the negated weak learner), so the class is closed under negation and the
 * limit is compared with the l1 max margin γ̄ = max_{‖a‖₁ ≤ 1} min_i ⟨a, M_i⟩ over signed a. This is greedy
 * coordinate descent with exact line search on F(a) = Σ_i exp(−⟨a, M_i⟩) for ±1 entries (Telgarsky,
 * "Margins, shrinkage, and boosting", ICML 2013, whose Prop. 3.10 gives the quarter-max-margin bound of
 * `adaboost-quarter-max-margin`). D is recomputed from the margins u_i = ⟨a, M_i⟩ as exp(−(u_i − min u))/Σ, so it
 * never underflows as the margins grow. A perfect weak learner (|γ| = 1, α = ∞) is clipped to |γ| ≤ `maxEdge`.
 * The Objective passed to update is used only for its `examples`; its loss is ignored.
 */
import { checkDims } from './validate.js';
import type { MarginData, Objective, OptState, Optimizer } from './types.js';

export interface AdaBoostOptions {
  /** |γ_t| is clipped to this before α_t = atanh γ_t; default 1 − 1e-12 (α ≤ 14.2) */
  maxEdge?: number;
}

export interface AdaBoostState extends OptState {
  /** w = a ∈ R^m, the weak learners' weights */
  readonly w: Float64Array;
  /** D_t, the distribution over the n examples */
  readonly dist: Float64Array;
  /** u_i = ⟨a, M_i⟩, the unnormalized margins */
  readonly margins: Float64Array;
  /** γ_j = Σ_i D_t(i) M_ij at the last step */
  readonly edges: Float64Array;
  /** γ_t of the last step (before clipping), 0 before the first */
  edge: number;
  /** α_t of the last step, 0 before the first */
  alpha: number;
  /** j_t of the last step, −1 before the first */
  coord: number;
}

export function adaboost(opts: AdaBoostOptions = {}): Optimizer<AdaBoostState> {
  const name = 'adaboost';
  const maxEdge = opts.maxEdge ?? 1 - 1e-12;
  if (!(maxEdge > 0 && maxEdge < 1)) throw new RangeError(`${name}: maxEdge must be in (0, 1), got ${maxEdge}`);
  return {
    name,
    params: { maxEdge },
    init(a0, obj) {
      checkDims(name, a0, obj);
      const M = examplesOf(obj, name);
      for (let p = 0; p < M.Z.length; p++)
        if (Math.abs(M.Z[p]) > 1) // NaN passes here and surfaces as a NumericalError in the run
          throw new RangeError(`${name}: weak-learner outputs must lie in [−1, 1]; M[${Math.floor(p / M.d)}, ${p % M.d}] = ${M.Z[p]}`);
      const s: AdaBoostState = {
        w: Float64Array.from(a0), t: 0, dist: new Float64Array(M.n), margins: new Float64Array(M.n),
        edges: new Float64Array(M.d), edge: 0, alpha: 0, coord: -1,
      };
      for (let i = 0; i < M.n; i++) {
        let u = 0;
        for (let j = 0; j < M.d; j++) u += a0[j] * M.Z[i * M.d + j];
        s.margins[i] = u;
      }
      distributionFromMargins(s.margins, s.dist);
      return s;
    },
    update(s, obj) {
      const { Z, n, d: m } = examplesOf(obj, name);
      const { dist: D, margins: u, edges } = s;
      edges.fill(0);
      for (let i = 0; i < n; i++) {
        const Di = D[i];
        const o = i * m;
        for (let j = 0; j < m; j++) edges[j] += Di * Z[o + j];
      }
      let jt = 0;
      for (let j = 1; j < m; j++) {
        const a = Math.abs(edges[j]);
        // strictly larger wins (ties: smallest j); a NaN edge wins so that NaN data are not skipped
        if (a > Math.abs(edges[jt]) || a !== a) jt = j;
      }
      const gamma = edges[jt];
      const alpha = Math.atanh(Math.min(maxEdge, Math.max(-maxEdge, gamma)));
      s.w[jt] += alpha;
      for (let i = 0; i < n; i++) u[i] += alpha * Z[i * m + jt];
      distributionFromMargins(u, D);
      s.edge = gamma;
      s.alpha = alpha;
      s.coord = jt;
      s.t++;
    },
  };
}

/** D_i = exp(−(u_i − min u)) / Σ_k exp(−(u_k − min u)); a NaN margin makes every D_i NaN. */
function distributionFromMargins(u: Float64Array, D: Float64Array): void {
  let lo = Infinity;
  for (let i = 0; i < u.length; i++) if (u[i] < lo) lo = u[i];
  let z = 0;
  for (let i = 0; i < u.length; i++) {
    D[i] = Math.exp(lo - u[i]);
    z += D[i];
  }
  for (let i = 0; i < u.length; i++) D[i] /= z;
}

function examplesOf(obj: Objective, name: string): MarginData {
  const M = obj.examples;
  if (!M) throw new RangeError(`${name}: the objective carries no examples (use marginObjective on the weak-learner margin matrix)`);
  return M;
}
