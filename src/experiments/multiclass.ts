/**
 * GD on the multi-class cross-entropy, recorded as a GD run on the lifted binary problem (src/data/multiclass.ts),
 * so that section A's direction trial (gd-trials.ts) applies: the angle gap of W_t/‖W_t‖_F to the certified
 * multi-class SVM direction, checkpoints, `stalled`. The cross-entropy's tail on point i is Σ_{k≠y_i} e^{−⟨W, z_ik⟩},
 * the tail of the logistic risk summed over the lifted points, so the predicted limits of gd-trials (w̃ from
 * η e^{−⟨z_s, w̃⟩} = α_s) carry over with the same η.
 */
import type { MulticlassData } from '../optimizers/cross-entropy.js';
import { crossEntropyObjective } from '../optimizers/cross-entropy.js';
import { geometricCheckpoints } from '../optimizers/checkpoints.js';
import { logistic } from '../losses/loss.js';
import { sigmaMax } from '../linalg/spectral.js';
import { liftMulticlass } from '../data/multiclass.js';
import { hardMarginSVM } from '../solvers/svm.js';
import type { Subject } from '../impl/subject.js';
import type { GdExperiment } from './gd-separable.js';
import { traceRoleAsGd } from '../impl/trace-role.js';
import { withWeightDecay } from '../impl/wrappers.js';

/**
 * The step bound of GD on the summed cross-entropy: its Hessian is Σ_i (diag p_i − p_i p_iᵀ) ⊗ x_i x_iᵀ and
 * ‖diag p − p pᵀ‖ ≤ ½, so β ≤ σ_max²(X)/2 and GD needs η < 2/β = 4/σ_max²(X).
 */
export function crossEntropyStepBound(m: MulticlassData): number {
  return 4 / sigmaMax(m.X, m.n, m.d) ** 2;
}

/**
 * Runs the subject's `gd` on the cross-entropy of `m` from W = 0 (traceRoleAsGd, src/impl/trace-role.ts) and returns
 * the run as a lifted GD experiment; L(W_t) recorded is the cross-entropy (without a control's decay term).
 */
export function multiclassExperiment(m: MulticlassData, subject: Subject, o: { eta: number; horizon: number; weightDecay?: number }): GdExperiment {
  const base = crossEntropyObjective(m);
  const w0 = new Float64Array(m.K * m.d);
  const scratch = new Float64Array(m.K * m.d);
  const trace = traceRoleAsGd(subject, {
    role: 'gd',
    hyper: { eta: o.eta },
    objective: o.weightDecay ? withWeightDecay(base, o.weightDecay) : base,
    w0,
    checkpoints: geometricCheckpoints(o.horizon, 20),
    protect: [m.X],
  }, { logRisk: (w) => Math.log(base.valueAndGrad(w, scratch)), etaBound: crossEntropyStepBound(m), what: 'gd on the cross-entropy' });
  const ds = liftMulticlass(m);
  return { ds, svm: hardMarginSVM(ds.Z, ds.n, ds.d), trace, cfg: { loss: logistic, eta: o.eta, weightDecay: o.weightDecay }, horizon: o.horizon, w0 };
}
