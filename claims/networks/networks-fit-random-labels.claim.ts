import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { CERT_TOL, FIT, fitRandomLabelsOutcome, linearRandomLabelsOutcome } from '../../src/experiments/random-labels.js';
import { seed002 } from '../../src/experiments/sources.js';

export const claim = defineClaim({
  id: 'networks-fit-random-labels',
  title: 'An over-parameterized network reaches zero training error on random labels',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'random labels',
  source: seed002('(Some backstory from 2017...) "Always get 0 training error (even random labels!)"', 'Zhang et al. (ICLR 2017): networks fit random labels', ['zhang2017']),
  statement: 'a network with many more parameters than training points reaches 100% training accuracy when the labels are replaced by fair coin flips',
  assumptions: [
    'inputs of the synthetic cluster task (d = 20, n = 200 default), labels replaced by fair coin flips (a fresh draw per seed)',
    `bias-free ReLU MLP [20, w, w, 1] (w = 64 default: 5 440 parameters, 27 per point); Adam lr ${FIT.lr}, batch ${FIT.batch}, ≤ ${FIT.maxEpochs} epochs`,
  ],
  measurement: 'training accuracy at the end of each seed\'s run, and the epochs it took',
  expectation: 'confirmed when every seed reaches 100%; a seed that has not fitted within the budget makes the run inconclusive (an existence claim is not refuted by a budget)',
  expected: 'confirmed',
  check: (ctx: ClaimContext) => fitRandomLabelsOutcome(ctx),
  control: {
    description: `an under-parameterized model: a linear classifier with bias (21 parameters) on the same random labels, refuted by a Gordan certificate (0 in the convex hull of y_i(x_i, 1), to ${CERT_TOL} relative)`,
    check: (ctx: ClaimContext) => linearRandomLabelsOutcome(ctx),
  },
});
