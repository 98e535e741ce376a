/**
 * Shared targets of the optimizer tests: small fixed problems every optimizer of the table runs on, built from a
 * seeded PRNG (no fast-check here: the contract is about the optimizers, not the data).
 */
import { exponential, logistic } from '../../src/losses/loss.js';
import { leastSquaresObjective, marginObjective } from '../../src/optimizers/objectives.js';
import { rngUniform, seedRng } from '../../src/optimizers/rng.js';
import type { Objective } from '../../src/optimizers/types.js';

export type TargetName = 'least-squares' | 'logistic-separable' | 'weak-learners';

export interface Target {
  name: TargetName;
  /** builds the objective over the given data buffers (so a test can pass a corrupted copy) */
  objective(data: Float64Array[]): Objective;
  /** the data buffers the objective reads: [X, y] or [Z] */
  data: Float64Array[];
  dim: number;
  /** the minimizer, when there is a unique one */
  solution?: Float64Array;
}

/** F(w) = (1/2n)‖Xᵀw − y‖², n = 10, d = 5, X uniform in [−1, 1], y = Xᵀw* exactly (so SGD with a fixed step converges). */
export function leastSquaresTarget(): Target {
  const r = seedRng(7);
  const n = 10, d = 5;
  const X = new Float64Array(n * d).map(() => 2 * rngUniform(r) - 1);
  const solution = new Float64Array([1, -2, 0.5, 3, -1]);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) y[i] += X[i * d + k] * solution[k];
  return { name: 'least-squares', data: [X, y], dim: d, solution, objective: ([X2, y2]) => leastSquaresObjective(X2, y2, { mean: true }) };
}

/**
 * Mean logistic risk on n = 12 points of [−1, 1]^5 labelled by a planted unit direction u, keeping points with
 * |⟨u, x⟩| ≥ 0.1 (so the data are separable with margin ≥ 0.1 by construction; entries stay in [−1, 1], so AdaBoost
 * can read them as weak-learner outputs).
 */
export function separableTarget(): Target {
  const { Z, n, d } = separableData(12, 5, 0.1, 11);
  return { name: 'logistic-separable', data: [Z], dim: d, objective: ([Z2]) => marginObjective({ Z: Z2, n, d }, logistic, { mean: true }) };
}

/**
 * Mean exponential risk of a ±1 margin matrix M (n = 10 examples, m = 6 weak learners): learner j < 3 is wrong
 * only on example j, the others are random. a = (1, 1, 1, 0, 0, 0) has every margin ≥ 1, so the data are
 * l1-separable with γ̄₁ ≥ 1/3.
 */
export function weakLearnerTarget(): Target {
  const r = seedRng(3);
  const n = 10, m = 6;
  const M = new Float64Array(n * m).map(() => (rngUniform(r) < 0.5 ? -1 : 1));
  for (let i = 0; i < n; i++) for (let j = 0; j < 3; j++) M[i * m + j] = i === j ? -1 : 1;
  return { name: 'weak-learners', data: [M], dim: m, objective: ([M2]) => marginObjective({ Z: M2, n, d: m }, exponential, { mean: true }) };
}

export const TARGETS: Record<TargetName, () => Target> = {
  'least-squares': leastSquaresTarget,
  'logistic-separable': separableTarget,
  'weak-learners': weakLearnerTarget,
};

/** z_i = y_i x_i for n points of [−1, 1]^d with |⟨u, x_i⟩| ≥ margin, u a seeded unit vector; returns u too. */
export function separableData(n: number, d: number, margin: number, seed: number): { Z: Float64Array; n: number; d: number; u: Float64Array } {
  const r = seedRng(seed);
  const u = new Float64Array(d).map(() => rngUniform(r) - 0.5);
  const nu = Math.hypot(...u);
  for (let k = 0; k < d; k++) u[k] /= nu;
  const Z = new Float64Array(n * d);
  const x = new Float64Array(d);
  for (let i = 0; i < n; ) {
    for (let k = 0; k < d; k++) x[k] = 2 * rngUniform(r) - 1;
    let s = 0;
    for (let k = 0; k < d; k++) s += u[k] * x[k];
    if (Math.abs(s) < margin) continue;
    for (let k = 0; k < d; k++) Z[i * d + k] = Math.sign(s) * x[k];
    i++;
  }
  return { Z, n, d, u };
}
