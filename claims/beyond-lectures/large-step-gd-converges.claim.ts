import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { GD_BUDGET, gdProperty, startedDataset, type StartedDataset } from '../../src/experiments/gd-claims.js';
import { edgeOfStabilityExamples, largeStepConverges, STEP_MULTIPLE } from '../../src/experiments/large-step.js';
import { gdStepBound } from '../../src/optimizers/gd.js';
import { logistic } from '../../src/losses/loss.js';
import { BEYOND_GROUP, beyondLectures } from '../../src/experiments/sources.js';

/**
 * GD with η = 3 × 2/(βσ_max²) (STEP_MULTIPLE, reasoning beside it): above the limit the descent lemma gives nothing, and the loss may rise in the first
 * steps. Decision rule and tolerances: src/experiments/large-step.ts (direction as in section A; loss at or below
 * the asymptotic law ‖ŵ‖²/(ηt) and monotone late). Care with the papers: Wu et al. prove the loss rate Õ(1/(ηt))
 * after O(η) steps and Wu, Braverman, Lee the direction for any constant step; both at log-slow rates for the
 * direction, so this is GD's finite-horizon check (shrink over [√T, T]). With much larger steps (30×, 100×) the
 * first step puts every margin so high that GD's remaining motion falls below float64 resolution: such trials are
 * inconclusive by the rule beside FLOAT_HORIZON, never violated.
 */
// zero starts, as Wu et al.'s (from −3u or a random w_0 with ‖w_0‖ ≤ 5 the first large step lands where GD's
// direction moves slowly: measured gap 0.4071 → 0.4066 and 0.4831 → 0.3978 over [√T, T] at smoke — inconclusive)
const starts = () => startedDataset().filter((ds) => ds.start.kind === 'zero');
const eta = (ds: StartedDataset) => STEP_MULTIPLE * gdStepBound(ds.Z, ds.n, ds.d, logistic, ds.start.w0);

export const claim = defineClaim({
  id: 'large-step-gd-converges',
  title: 'GD with a constant step far above 2/β still drives the logistic loss to 0 and its direction to the max-margin one',
  group: BEYOND_GROUP,
  topic: 'large steps',
  roles: ['gd'],
  source: beyondLectures('Wu, Bartlett, Telgarsky, Yu 2024, Thm 1 (any constant η: O(η)-step phase, then Õ(1/(ηt)) loss); Wu, Braverman, Lee 2023, Thm 1 (direction → ŵ for any constant step)', ['wu2024LargeStep', 'wu2023Eos']),
  statement: `GD on the separable logistic risk with η = ${STEP_MULTIPLE} × 2/(βσ_max²): L(w_t) → 0 (at or below ‖ŵ‖²/(ηt) late) and w_t/‖w_t‖ → ŵ/‖ŵ‖, after a possibly non-monotone phase`,
  assumptions: [
    'data linearly separable through the origin (planted, verified); ‖x_i‖ ≤ 1; in general position for the horizon',
    `logistic loss (sum); η = ${STEP_MULTIPLE} × 2/(β σ_max²(X)), β = 1/4 (the step-size check is lifted for this claim only)`,
    'w(0) = 0',
  ],
  measurement: 'angle gap to ū (verified SVM) at geometric checkpoints; η t L(w_t)/‖ŵ‖²; loss increases between checkpoints (steps 1–10 all recorded)',
  expectation: 'confirmed when the angle gap shrinks over [√T, T] as section A requires (MAX_SHRINK or the 1/log t envelope) and η T L(w_T) ≤ 1.1‖ŵ‖² with the loss non-increasing on [√T, T]; violated only if the iterates stop at a finite point',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => gdProperty<StartedDataset>(ctx, { arbitrary: starts(), examples: edgeOfStabilityExamples(), numRuns: ctx.budget(GD_BUDGET.numRuns) + 3, gd: (ds) => ({ w0: ds.start.w0, eta: eta(ds), allowLargeStep: true }), trial: largeStepConverges }),
  control: {
    description: 'the same large step with weight decay λ = 1e-3: the iterates settle at the regularized solution, so neither the loss nor the direction gap goes to 0',
    check: (ctx: ClaimContext) =>
      gdProperty<StartedDataset>(ctx, { arbitrary: starts(), gd: (ds) => ({ w0: ds.start.w0, eta: eta(ds), allowLargeStep: true, weightDecay: 1e-3 }), trial: largeStepConverges }),
  },
});
