/**
 * A synthetic binary task with learnable, non-linear structure for the network experiments of seeds 001 and 002
 * (bad global minima, random labels): a mixture of K Gaussian clusters per class in R^d, x = μ_c + σ·ξ, with the
 * cluster means μ_c ~ N(0, (r²/d)·I) drawn once per task and the label the class of the cluster. With K ≥ 2 clusters
 * per class placed at random, no halfspace separates the classes (a linear model tops out well below a net), and
 * with r = 4, σ = 1 two clusters of opposite classes overlap with probability ≈ Φ(−r/√2) ≈ 0.2%: a normally trained
 * net reaches ≥ 90% test accuracy from a few hundred points (checked by every claim that uses the task).
 * Everything is drawn from one integer seed (mulberry32 + Box–Muller, src/experiments/random.ts).
 * @example const task = clusterTask({ d: 20, n: 200, nTest: 1000, seed: 1 }); task.train.X.length === 200 * 20
 */
import { gaussian } from '../experiments/random.js';
import { rngInt, seedRng } from '../optimizers/rng.js';

export interface LabelledPoints {
  n: number;
  d: number;
  /** point-major, X[k*d + c] */
  X: Float64Array;
  /** ±1 */
  y: Float64Array;
}

export interface ClusterTask {
  train: LabelledPoints;
  test: LabelledPoints;
  /** the cluster means (2K × d) and their classes, for reference */
  means: Float64Array;
  meanClass: Float64Array;
  options: Required<ClusterTaskOptions>;
}

export interface ClusterTaskOptions {
  d: number;
  n: number;
  nTest: number;
  seed: number;
  /** clusters per class (default 4) */
  clustersPerClass?: number;
  /** scale of the cluster means (default 4) */
  radius?: number;
  /** within-cluster standard deviation (default 1) */
  sigma?: number;
}

function check(o: ClusterTaskOptions): void {
  for (const k of ['d', 'n', 'nTest'] as const)
    if (!(Number.isInteger(o[k]) && o[k] >= 1)) throw new RangeError(`clusterTask: ${k} must be an integer ≥ 1, got ${o[k]}`);
  if (!Number.isInteger(o.seed)) throw new RangeError(`clusterTask: seed must be an integer, got ${o.seed}`);
}

/** Draws the task: the means from the seed, then the training and test points. */
export function clusterTask(opts: ClusterTaskOptions): ClusterTask {
  check(opts);
  const o: Required<ClusterTaskOptions> = { clustersPerClass: 4, radius: 4, sigma: 1, ...opts };
  const rng = seedRng(o.seed);
  const K = 2 * o.clustersPerClass, d = o.d;
  const means = new Float64Array(K * d), meanClass = new Float64Array(K);
  for (let c = 0; c < K; c++) {
    meanClass[c] = c % 2 === 0 ? 1 : -1;
    for (let k = 0; k < d; k++) means[c * d + k] = (o.radius / Math.sqrt(d)) * gaussian(rng);
  }
  const draw = (n: number): LabelledPoints => {
    const X = new Float64Array(n * d), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = rngInt(rng, K);
      y[i] = meanClass[c];
      for (let k = 0; k < d; k++) X[i * d + k] = means[c * d + k] + o.sigma * gaussian(rng);
    }
    return { n, d, X, y };
  };
  return { train: draw(o.n), test: draw(o.nTest), means, meanClass, options: o };
}

/** The same inputs with labels replaced by fair coin flips (Zhang et al. 2017's random labels), from `seed`. */
export function randomLabels(p: LabelledPoints, seed: number): LabelledPoints {
  const rng = seedRng(seed);
  return { ...p, y: Float64Array.from({ length: p.n }, () => (rngInt(rng, 2) === 0 ? -1 : 1)) };
}

/**
 * Liu et al. (2020)'s adversarial set C: every training input repeated R times, each copy with a random N-fraction of
 * its coordinates set to 0 and a random label (labels = 'random'); labels = 'true' keeps the true labels (the
 * non-adversarial control with the same inputs).
 */
export function replicatedNoisySet(p: LabelledPoints, R: number, N: number, seed: number, labels: 'random' | 'true' = 'random'): LabelledPoints {
  if (!(Number.isInteger(R) && R >= 1)) throw new RangeError(`replicatedNoisySet: R must be an integer ≥ 1, got ${R}`);
  if (!(N >= 0 && N <= 1)) throw new RangeError(`replicatedNoisySet: N must lie in [0, 1], got ${N}`);
  const rng = seedRng(seed);
  const n = p.n * R, d = p.d, X = new Float64Array(n * d), y = new Float64Array(n);
  const idx = Int32Array.from({ length: d }, (_, k) => k);
  const zeroed = Math.round(N * d);
  for (let i = 0; i < p.n; i++)
    for (let r = 0; r < R; r++) {
      const row = i * R + r;
      X.set(p.X.subarray(i * d, (i + 1) * d), row * d);
      // a uniformly random subset of `zeroed` coordinates: partial Fisher–Yates
      for (let k = 0; k < zeroed; k++) {
        const j = k + rngInt(rng, d - k);
        const t = idx[k]; idx[k] = idx[j]; idx[j] = t;
        X[row * d + idx[k]] = 0;
      }
      y[row] = labels === 'true' ? p.y[i] : rngInt(rng, 2) === 0 ? -1 : 1;
    }
  return { n, d, X, y };
}

/** Concatenation of two point sets of the same dimension. */
export function concatPoints(a: LabelledPoints, b: LabelledPoints): LabelledPoints {
  if (a.d !== b.d) throw new RangeError(`concatPoints: dimensions ${a.d} and ${b.d} differ`);
  const X = new Float64Array((a.n + b.n) * a.d);
  X.set(a.X); X.set(b.X, a.n * a.d);
  const y = new Float64Array(a.n + b.n);
  y.set(a.y); y.set(b.y, a.n);
  return { n: a.n + b.n, d: a.d, X, y };
}
