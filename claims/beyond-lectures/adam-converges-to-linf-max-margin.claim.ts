import fc from 'fast-check';
import { defineClaim } from '../../src/harness/define.js';
import { checkPropertyAsync } from '../../src/harness/property-async.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { datasetToJSON } from '../../src/data/dataset.js';
import { separableDataset } from '../../src/data/separable.js';
import { adamTowardsLinf, linfReference, MIN_L2_GAP, type ScheduledAdam } from '../../src/experiments/adam-linf.js';
import { BEYOND_GROUP, beyondLectures } from '../../src/experiments/sources.js';
import { prefetchAdamLinf } from '../../src/experiments/adam-linf-prefetch.js';
import { drawInputsAsync } from '../../src/experiments/gd-prefetch.js';

/**
 * Adam (β₁ = 0.9, β₂ = 0.999, ε = 0) with η_t = 0.1·(t+1)^{−1/2} (a = ½ ∈ (0, 1]) on the summed logistic risk from 0.
 * Decision rule, horizons and their reasoning: src/experiments/adam-linf.ts. Care with the paper: the theorem
 * neglects the stability constant; with ε > 0, once √v̂ ≪ ε Adam is momentum GD and tends to ū instead (Wang et al.
 * 2022), so the claim passes ε = 0 (an implementation that divides 0 by 0 on a zero gradient gets "error", not a
 * verdict). The schedule wraps the subject's Adam (src/impl/step-schedule.ts): exact, Adam's step is η times a
 * function of the gradients. ‖w_T‖∞ ≲ 0.2√T keeps every gradient of a support point far from underflow.
 */
const RUNS = { smoke: 3, default: 6, thorough: 20 };
const T = { smoke: 1_000_000, default: 3_000_000, thorough: 5_000_000 };

async function property(ctx: ClaimContext, o: Omit<ScheduledAdam, 'horizon'>) {
  const horizon = ctx.budget(T);
  const arbitrary = separableDataset({ n: [3, 8] });
  // an implementation that takes several runs per message gets the property's runs at once
  if (ctx.subject.implementation?.runBatchedMany)
    prefetchAdamLinf(ctx.subject, await drawInputsAsync(ctx, arbitrary, ctx.budget(RUNS), async (ds) => (await linfReference(ds)) !== null), { ...o, horizon });
  return checkPropertyAsync(ctx, {
    arbitrary,
    numRuns: ctx.budget(RUNS),
    describeInput: datasetToJSON,
    decidedBy: `Adam (ε = ${o.eps}) with η_t = ${o.eta}·(t+1)^-${o.a} to t = ${horizon}`,
    async trial(ds) {
      const ref = await linfReference(ds);
      fc.pre(ref !== null);
      return adamTowardsLinf(ds, ref!, ctx.subject, { ...o, horizon });
    },
  });
}

export const claim = defineClaim({
  id: 'adam-converges-to-linf-max-margin',
  title: 'Adam with a negligible ε and decaying steps η_t = Θ(t^{−a}) converges towards the l∞ max-margin separator',
  group: BEYOND_GROUP,
  topic: 'optimization geometry',
  roles: ['adam'],
  source: beyondLectures('Zhang, Zou, Cao 2024, main theorem (ε neglected, η_t = Θ(t^{−a}), a ∈ (0, 1]: min_i⟨w_t, z_i⟩/‖w_t‖∞ → max_{‖w‖∞ ≤ 1} min_i⟨w, z_i⟩, at a polynomial rate for a < 1)', ['zhangZouCao2024']),
  statement: 'Adam, ε = 0, η_t = η(t+1)^{−1/2}, logistic loss, separable data: the normalized l∞ margin min_i⟨w_t, z_i⟩/‖w_t‖∞ → γ∞ (the l∞ max margin), not the l2 solution\'s',
  assumptions: [
    'data linearly separable through the origin (planted; γ∞ certified by the LP\'s primal–dual pair); ‖x_i‖ ≤ 1, n ∈ [3, 8]',
    `the l2 solution ū is at least ${MIN_L2_GAP} (relative) below γ∞ in l∞ margin, so the two biases differ`,
    'logistic loss (sum), w_0 = 0; β₁ = 0.9, β₂ = 0.999, ε = 0; η = 0.1, a = ½; T = 1e6 at smoke (1e5 cannot decide)',
  ],
  measurement: 'relative l∞-margin gap (γ∞ − min_i⟨w_t, z_i⟩/‖w_t‖∞)/γ∞ at geometric checkpoints, against the same gap of ū',
  expectation: 'confirmed when the gap at T and its median over [T^{3/4}, T] are at most half of ū\'s; inconclusive otherwise; violated only when the iterates stop at a finite point',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => property(ctx, { eta: 0.1, a: 0.5, eps: 0 }),
  control: {
    description: 'the subject\'s Adam with ε = 1e4 ≫ √v̂ (momentum GD with steps (t+1)^{−1/2}, the l2 bias) on the risk with weight decay λ = 0.1: the iterates stop at the regularized solution',
    check: (ctx: ClaimContext) => property(ctx, { eta: 1e4, a: 0.5, eps: 1e4, weightDecay: 0.1 }),
  },
});
