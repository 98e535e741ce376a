import fc from 'fast-check';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { separableDataset, type PlantedDataset } from '../../src/data/separable.js';
import { logistic } from '../../src/losses/loss.js';
import { directionConverges } from '../../src/experiments/gd-trials.js';
import { roleProperty } from '../../src/experiments/role-claims.js';
import { BEYOND_GROUP, beyondLectures } from '../../src/experiments/sources.js';

/**
 * SGD, one example per step, on the mean logistic risk with the fixed step η = 0.9 × 2/(β max_i‖x_i‖²) (each
 * per-example loss is β‖x_i‖²-smooth, β = 1/4). On average it follows GD on the summed risk at step η/n, which
 * the trials' predicted limits use. The decision rule is section A's (MAX_SHRINK and the 1/log t envelope, beside
 * them in src/experiments/gd-trials.ts): a log-slow rate, checked as the shrink of the angle gap over [√T, T].
 * Care with the paper: Nacson, Srebro, Soudry's step bound is per example; their rate O(1/log t) is for almost
 * all datasets (the general-position filter), with and without replacement (both drawn here).
 */
type SgdData = PlantedDataset & { sampling: { seed: number; replacement: boolean } };
const data: fc.Arbitrary<SgdData> = fc
  .tuple(separableDataset({ n: [3, 8] }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean())
  .map(([ds, seed, replacement]) => Object.assign(ds, { sampling: { seed, replacement } }));
const step = (ds: SgdData) => (0.9 * 8) / Math.max(...Array.from({ length: ds.n }, (_, i) => ds.Z.subarray(i * ds.d, (i + 1) * ds.d).reduce((s, v) => s + v * v, 0)));

function property(ctx: ClaimContext, control: boolean) {
  return roleProperty(ctx, {
    arbitrary: data,
    run: (ds, horizon) => ({
      role: 'sgd',
      hyper: { eta: step(ds), batchSize: control ? ds.n : 1, seed: ds.sampling.seed, replacement: ds.sampling.replacement },
      loss: logistic,
      mean: true,
      horizon,
      gdEquivalentEta: step(ds) / ds.n,
      weightDecay: control ? 1e-3 : undefined,
    }),
    trial: directionConverges,
  });
}

export const claim = defineClaim({
  id: 'sgd-fixed-step-converges-to-max-margin',
  title: 'SGD with a fixed (non-vanishing) step converges in direction to the max-margin separator',
  group: BEYOND_GROUP,
  topic: 'direction',
  roles: ['sgd'],
  source: beyondLectures('Nacson, Srebro, Soudry 2019, Thm 1–2 (fixed step, with or without replacement: loss → 0; exponential tail: w_t/‖w_t‖ → ŵ/‖ŵ‖ at O(1/log t) for almost all datasets)', ['nacson2019Sgd']),
  statement: 'SGD, one example per step, fixed η < 2/(β max_i‖x_i‖²), logistic loss, separable data: w_t/‖w_t‖ → ŵ/‖ŵ‖',
  assumptions: [
    'data linearly separable through the origin (planted, verified by the certified SVM); ‖x_i‖ ≤ 1; in general position for the horizon',
    'mean logistic risk, batch 1, η = 0.9 × 8/max_i‖x_i‖²; sampling with or without replacement (drawn), seeded; w_0 = 0',
  ],
  measurement: 'angle gap ‖w_t/‖w_t‖ − ū‖ at geometric checkpoints (ū from the verified hard-margin SVM)',
  expectation: 'confirmed when the gap shrinks over [√T, T] by ≤ 0.8 and ends at its lowest, or stays inside the 1/log t envelope (section A\'s rule); violated only when the iterates stop at a finite point',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => property(ctx, false),
  control: {
    description: 'the subject\'s SGD with batch n (every step a full gradient) and weight decay λ = 1e-3: the iterates stop at the regularized solution',
    check: (ctx: ClaimContext) => property(ctx, true),
  },
});
