import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { MATCHED_LOSS, MIN_LOG_RATIO, normalizedMarginsOutcome } from '../../src/experiments/random-labels.js';
import { seed002 } from '../../src/experiments/sources.js';

// Decision rule: src/experiments/synthetic.ts (interval over seeds); MIN_LOG_RATIO and MATCHED_LOSS with their
// reasoning in src/experiments/random-labels.ts.
export const claim = defineClaim({
  id: 'normalized-margins-lower-on-random-labels',
  title: 'Spectrally normalized margins are lower on random labels than on true labels',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'margins and normalization',
  source: seed002('Margin plots: "Unnormalized margins can\'t distinguish random and true labels" / "Normalized margins!"', 'Bartlett–Foster–Telgarsky (2017): margins normalized by the spectral complexity', ['bartlettFosterTelgarsky2017', 'zhang2017']),
  statement: 'for nets trained to zero error on true and on random labels, the distribution of y f(x)/Π_i‖W_i‖_2 over the training set lies lower for random labels; the unnormalized margins y f(x) do not separate them',
  assumptions: [
    'synthetic cluster task (d = 20, n = 200 default); the same inputs with true labels and with fair-coin labels',
    `bias-free ReLU MLP [20, w, w, 1] (homogeneous, so q/Π‖W_i‖₂ is scale-free), Adam to 100% training accuracy and mean training loss ≤ ${MATCHED_LOSS} (matched loss, so unnormalized margins are on one scale)`,
    'C_f = Π‖W_i‖₂ (the Lipschitz factor of the bound; the (2,1)-norm nuisance factor is not included)',
  ],
  measurement: 'per seed: the smallest over the deciles 0.1..0.9 of log(normalized-margin quantile, true labels / same quantile, random labels); the same for unnormalized margins (reported); 95% interval over seeds; CDF plot as on the slide',
  expectation: `confirmed when the interval of the normalized effect lies above log 1.25 = ${MIN_LOG_RATIO.toFixed(3)} (true labels ≥ 25% higher at every decile); violated when it lies below`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => normalizedMarginsOutcome(ctx, false),
  control: {
    description: 'no random labels: a second net, independently initialized and shuffled, on the same true labels — the normalized margins then agree',
    check: (ctx: ClaimContext) => normalizedMarginsOutcome(ctx, true),
  },
});
