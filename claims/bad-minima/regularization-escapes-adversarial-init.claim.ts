import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { REG_EPOCHS, regularizationOutcome } from '../../src/experiments/bad-minima.js';
import { seed001 } from '../../src/experiments/sources.js';

// Decision rule: src/experiments/synthetic.ts; the regularized and weak runs: REGULARIZED and WEAK in
// src/experiments/bad-minima.ts.
export const claim = defineClaim({
  id: 'regularization-escapes-adversarial-init',
  title: 'Momentum + L2 regularization from the adversarial initialization recovers most of the lost test accuracy',
  group: 'E. Bad global minima',
  topic: 'bad global minima',
  source: seed001('Regularization saves the day / Main Findings ("Any two of {DA, M, L2} are enough")', 'Liu–Papailiopoulos–Achlioptas 2020: data augmentation, momentum and L2 regularization escape the adversarial init'),
  statement: 'from the adversarial init, SGD with momentum and L2 regularization (two of {DA, M, L2}) reaches a test accuracy that recovers more than half of the drop caused by the adversarial init',
  assumptions: [
    'the setup of adversarial-init-reaches-bad-minima (same task, net, adversarial pre-training, seeds)',
    `regularized run: SGD with momentum 0.9, L2 λ = 5e-3, lr 0.05, batch 32, ${REG_EPOCHS.default} epochs (${REG_EPOCHS.smoke} at smoke)`,
    'data augmentation (the third ingredient) is not run: two of the three suffice by the claim',
  ],
  measurement: 'per seed: acc(adversarial init + momentum + L2) − (acc(random init) + acc(adversarial init + vanilla SGD))/2; 95% interval over the seeds; the recovered fraction is reported',
  expectation: 'confirmed when the interval lies above 0 (more than half of the drop recovered); violated when it lies below 0',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => regularizationOutcome(ctx, false),
  control: {
    description: 'the same run with L2 λ = 1e-6 and no momentum (regularization too weak to matter): it stays near the bad minimum',
    check: (ctx: ClaimContext) => regularizationOutcome(ctx, true),
  },
});
