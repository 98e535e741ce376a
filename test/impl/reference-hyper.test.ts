/**
 * The reference adapter (src/impl/reference.ts) passes every hyperparameter docs/protocol.md documents for a role to
 * its kernel: for each (role, key, a value other than the default), 30 steps from 0 on one small problem differ from
 * the run with the default. A key the adapter drops gives the default run again, bit for bit (that is how sgd's
 * `replacement` was found dropped: sgd-fixed-step-converges-to-max-margin drew "with replacement" and ran without).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import type { Hyper, OptimizerRole } from '../../src/impl/interface.js';
import { reference } from '../../src/impl/reference.js';
import { logistic } from '../../src/losses/loss.js';
import { marginObjective } from '../../src/optimizers/objectives.js';
import { sgd } from '../../src/optimizers/sgd.js';

const [ds] = fc.sample(separableDataset({ n: [7, 7], d: [3, 3] }), { seed: 5, numRuns: 1 });
const obj = marginObjective(ds, logistic, { mean: true });

function run(role: OptimizerRole, hyper: Hyper, steps = 30): Float64Array {
  const opt = reference.optimizers[role]!(hyper);
  const s = opt.init(new Float64Array(ds.d), obj);
  for (let t = 0; t < steps; t++) opt.update(s, obj);
  return Float64Array.from(s.w);
}

// the keys of docs/protocol.md's table ("Roles and hyperparameters"), each with a value other than its default
const DOCUMENTED: [OptimizerRole, Hyper, string, number | boolean][] = [
  ['sgd', { eta: 0.5 }, 'batchSize', 3],
  ['sgd', { eta: 0.5 }, 'replacement', true],
  ['sgd', { eta: 0.5 }, 'seed', 9],
  ['heavyBall', { eta: 0.5 }, 'momentum', 0.5],
  ['nesterov', { eta: 0.5 }, 'momentum', 0.5],
  ['adagrad', { eta: 0.1 }, 'eps', 0.5],
  ['adagrad', { eta: 0.1 }, 'initialAccumulator', 1],
  ['rmsprop', { eta: 0.01 }, 'decay', 0.5],
  ['rmsprop', { eta: 0.01 }, 'eps', 0.5],
  ['adam', { eta: 0.01 }, 'beta1', 0.5],
  ['adam', { eta: 0.01 }, 'beta2', 0.9],
  ['adam', { eta: 0.01 }, 'eps', 0.5],
  ['mirrorDescent', { eta: 0.5 }, 'p', 3],
  ['normalizedGd', { eta: 0.5 }, 'decayPower', 0.5],
];

describe('the reference adapter passes every documented hyperparameter to its kernel', () => {
  it.each(DOCUMENTED)('%s: %o with %s changed moves the iterates', (role, base, key, value) => {
    const a = run(role, base);
    const b = run(role, { ...base, [key]: value });
    expect(Array.from(b), `${role}.${key} = ${value} gave the default run`).not.toEqual(Array.from(a));
  });

  it('sgd with replacement: the role is exactly the kernel sgd({ replacement: true }) (same seed, same draws)', () => {
    const opt = sgd({ eta: 0.5, batchSize: 2, replacement: true, seed: 4 });
    const s = opt.init(new Float64Array(ds.d), obj);
    for (let t = 0; t < 30; t++) opt.update(s, obj);
    expect(Array.from(run('sgd', { eta: 0.5, batchSize: 2, replacement: true, seed: 4 }))).toEqual(Array.from(s.w));
    expect(reference.optimizers.sgd!({ eta: 0.5, replacement: true }).params.replacement).toBe(true);
  });
});
