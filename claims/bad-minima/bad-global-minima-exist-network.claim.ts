import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { badMinimumOutcome, MIN_DROP } from '../../src/experiments/bad-minima.js';
import { seed001 } from '../../src/experiments/sources.js';

// Decision rule: src/experiments/synthetic.ts; MIN_DROP in src/experiments/bad-minima.ts.
export const claim = defineClaim({
  id: 'bad-global-minima-exist-network',
  title: 'Bad global minima exist for networks: zero training error with poor test accuracy',
  group: 'E. Bad global minima',
  topic: 'bad global minima',
  source: seed001('Bad Global Minima Exist / What is a bad global minimum?', 'the existence claim, network form: fit the training set plus random-labelled extra points'),
  statement: 'there is a net with zero training error on S whose test accuracy is lower than that of the normally trained net (constructed by fitting S ∪ E, E fresh inputs with random labels)',
  assumptions: [
    'synthetic cluster task (d = 20) with learnable structure: a normally trained net must reach ≥ 90% test accuracy on average (checked)',
    'bias-free ReLU MLP [20, w, w, 1]; normal training: vanilla SGD on S to 100% training accuracy; construction: Adam on S ∪ E, |E| = 2n (default), to 100% training accuracy',
    'the linear half of the claim (a null-space component) is the separate claim bad-global-minima-exist',
  ],
  measurement: 'per seed: test accuracy of the normally trained net minus that of the constructed net (checked to fit S exactly); 95% interval over the seeds',
  expectation: `confirmed when the interval lies above ${MIN_DROP}; violated when it lies below; inconclusive otherwise or if a net does not fit S`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => badMinimumOutcome(ctx, 'random'),
  control: {
    description: 'the extra points with their true labels (more correctly labelled data): no drop',
    check: (ctx: ClaimContext) => badMinimumOutcome(ctx, 'true'),
  },
});
