import fc from 'fast-check';
import { defineClaim } from '../../src/harness/define.js';
import { checkProperty } from '../../src/harness/property.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { liftMulticlass, multiclassDataset, multiclassToJSON } from '../../src/data/multiclass.js';
import { nonSupportGapFor, notInGeneralPosition } from '../../src/data/general-position.js';
import { hardMarginSVM } from '../../src/solvers/svm.js';
import { GD_BUDGET } from '../../src/experiments/gd-claims.js';
import { gdCurves } from '../../src/experiments/gd-separable.js';
import { directionConverges } from '../../src/experiments/gd-trials.js';
import { crossEntropyStepBound, multiclassExperiment } from '../../src/experiments/multiclass.js';
import { BEYOND_GROUP, PAPERS, beyondLectures } from '../../src/experiments/sources.js';

/**
 * GD on the summed cross-entropy over W ∈ R^{K×d} from W = 0, η = 0.9 × 4/σ_max²(X) (the bound beside
 * crossEntropyStepBound). Reference: the multi-class hard-margin SVM as the binary SVM of the lifted points
 * (src/data/multiclass.ts), certified by quadprog's KKT residuals and duality gap (≤ 1e-8) or refused ("error").
 * Decision rule: section A's (MAX_SHRINK / the 1/log t envelope, src/experiments/gd-trials.ts) on the lifted run,
 * a log-slow rate checked as the shrink of the gap over [√T, T].
 */
function property(ctx: ClaimContext, weightDecay?: number) {
  const horizon = ctx.budget(GD_BUDGET.horizon);
  return checkProperty(ctx, {
    arbitrary: multiclassDataset({ n: [6, 14] }),
    numRuns: ctx.budget(GD_BUDGET.numRuns),
    describeInput: multiclassToJSON,
    decidedBy: `GD on the cross-entropy (sum), η = 0.9 × 4/σ_max², to t = ${horizon}${weightDecay ? `, weight decay ${weightDecay}` : ''}`,
    trial(m) {
      const lifted = liftMulticlass(m);
      fc.pre(notInGeneralPosition(hardMarginSVM(lifted.Z, lifted.n, lifted.d), nonSupportGapFor(horizon)) === null);
      const e = multiclassExperiment(m, ctx.subject, { eta: 0.9 * crossEntropyStepBound(m), horizon, weightDecay });
      return directionConverges(e, gdCurves(e), lifted);
    },
  });
}

export const claim = defineClaim({
  id: 'multiclass-ce-converges-to-multiclass-svm',
  title: 'GD on the multi-class cross-entropy converges in direction to the multi-class hard-margin SVM',
  group: BEYOND_GROUP,
  topic: 'direction',
  roles: ['gd'],
  source: { ...beyondLectures('multi-class section (cross-entropy): W_t/‖W_t‖ → Ŵ/‖Ŵ‖, Ŵ = argmin ‖W‖_F s.t. ⟨w_{y_i} − w_k, x_i⟩ ≥ 1 ∀k ≠ y_i', ['soudry2018']), links: [PAPERS.soudry2018] },
  statement: 'K classes separable through the origin, F(W) = Σ_i −log softmax(W x_i)_{y_i}, GD with η < 4/σ_max²(X): W_t/‖W_t‖_F → Ŵ/‖Ŵ‖_F (the multi-class hard-margin SVM)',
  assumptions: [
    'K ∈ {3, 4} classes, d ∈ [2, 4], ‖x_i‖ ≤ 1, labels from a planted W* with multi-class margin ≥ 0.05‖W*‖_F (separable, verified by the certified SVM); at least two classes present',
    'lifted data in general position for the horizon (non-support constraints ≥ 1 + δ(T), support multipliers not degenerate)',
    'cross-entropy as a sum; W_0 = 0; η = 0.9 × 4/σ_max²(X)',
  ],
  measurement: '‖W_t/‖W_t‖_F − Ŵ/‖Ŵ‖_F‖ at geometric checkpoints; Ŵ from quadprog on the lifted points z_ik = (e_{y_i} − e_k) ⊗ x_i, certified',
  expectation: 'confirmed when the gap shrinks over [√T, T] by ≤ 0.8 and ends at its lowest, or stays inside the 1/log t envelope; violated only when the iterates stop at a finite point',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => property(ctx),
  control: {
    description: 'the subject\'s GD on the cross-entropy with weight decay λ = 1e-3: the iterates stop at the regularized solution, away from Ŵ\'s direction',
    check: (ctx: ClaimContext) => property(ctx, 1e-3),
  },
});
