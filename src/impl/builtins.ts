import type { Implementation } from './interface.js';

/**
 * Implementations of this project, by name, for `--impl builtin:NAME` (and the power / false-alarm runs, whose
 * child processes load them by name):
 * - `reference`: src/optimizers through src/impl/reference.ts;
 * - `tfjs`: every TensorFlow.js optimizer adapter (src/impl/tfjs.ts); `tfjs-sgd`, `tfjs-momentum`, `tfjs-adagrad`,
 *   `tfjs-rmsprop`, `tfjs-adam`: one each;
 * - `mutant:NAME`: a deliberately broken implementation of src/impl/mutants.ts.
 */
export async function builtinImplementation(name: string): Promise<Implementation> {
  if (name === 'reference') return (await import('./reference.js')).reference;
  if (name === 'tfjs' || name.startsWith('tfjs-')) {
    const { tfjsImplementation } = await import('./tfjs.js');
    return tfjsImplementation(name === 'tfjs' ? undefined : name.slice('tfjs-'.length));
  }
  if (name.startsWith('mutant:')) {
    const { MUTANTS } = await import('./mutants.js');
    const m = MUTANTS.find((x) => x.key === name.slice('mutant:'.length));
    if (!m) throw new Error(`builtin:${name}: no such mutant (${MUTANTS.map((x) => x.key).join(', ')})`);
    return m;
  }
  throw new Error(`builtin:${name}: unknown (reference, tfjs, tfjs-<optimizer>, mutant:<name>)`);
}
