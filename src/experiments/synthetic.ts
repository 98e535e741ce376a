/**
 * Seed-level experiments on the synthetic cluster task (src/data/cluster-task.ts) with a bias-free ReLU MLP trained
 * by TensorFlow.js (src/models/mlp-train.ts): random labels (Zhang et al. 2017; seed 002) and bad global minima
 * (Liu, Papailiopoulos & Achlioptas 2020; seed 001). Each claim measures one effect per seed (a new task draw, init
 * and minibatch order per seed) and decides by the 95% Student-t interval of the mean effect over the seeds against
 * the smallest effect the claim means (a threshold): confirmed when the whole interval lies beyond it, violated when
 * the whole interval lies short of it, inconclusive when the interval straddles it. No fast-check here: the inputs
 * are the seeds, and the outcome is built directly (violated only for an interval that refutes the claim; a task
 * that does not meet its assumptions is an error).
 */
import { clusterTask, type ClusterTask } from '../data/cluster-task.js';
import { AssumptionError } from '../harness/errors.js';
import type { ClaimContext, Outcome, Profile } from '../harness/types.js';
import type { PlotSpec } from '../report/plot.js';
import { accuracy, mlpInit, mlpPredict, trainMlp, type MlpNet, type TrainOptions } from '../models/mlp-train.js';
import { loadTf, tfBackendName, type Tf } from '../models/tf-backend.js';
import { meanInterval } from './random.js';

/** Sizes per profile. d = 20 inputs, 4 clusters per class at radius 5 (see cluster-task.ts). */
export interface SyntheticConfig {
  d: number;
  n: number;
  nTest: number;
  width: number;
  seeds: number;
  /** Liu et al.'s replication factor and noise fraction */
  R: number;
  N: number;
  /** extra random-labelled points for the bad-global-minimum construction, as a multiple of n */
  extra: number;
}

export const SYNTHETIC: Record<Profile, SyntheticConfig> = {
  smoke: { d: 20, n: 200, nTest: 1000, width: 32, seeds: 5, R: 3, N: 0.8, extra: 2 },
  default: { d: 20, n: 200, nTest: 2000, width: 64, seeds: 6, R: 4, N: 0.8, extra: 2 },
  thorough: { d: 20, n: 300, nTest: 5000, width: 256, seeds: 12, R: 8, N: 0.8, extra: 3 },
};

/** The task must have learnable structure: a normally trained net reaches at least this test accuracy on average. */
export const MIN_BASELINE_ACCURACY = 0.9;
export const TASK_RADIUS = 5;

/** Vanilla SGD as in Liu et al. (no momentum, no weight decay, no augmentation), to 100% training accuracy. */
export const VANILLA: Omit<TrainOptions, 'seed'> = { optimizer: 'sgd', lr: 0.05, batch: 32, maxEpochs: 400 };

export function dimsOf(c: SyntheticConfig): number[] {
  return [c.d, c.width, c.width, 1];
}

export function taskOf(c: SyntheticConfig, seed: number): ClusterTask {
  return clusterTask({ d: c.d, n: c.n, nTest: c.nTest, seed, radius: TASK_RADIUS });
}

/** Test accuracy of a net on a task. */
export function testAccuracy(tf: Tf, net: MlpNet, task: ClusterTask): number {
  return accuracy(mlpPredict(tf, net, task.test), task.test.y);
}

/** A normally trained net (random init, vanilla SGD to 100% training accuracy) and its test accuracy. */
export function baseline(tf: Tf, c: SyntheticConfig, task: ClusterTask, seed: number): { net: MlpNet; acc: number; reached: boolean; epochs: number } {
  const r = trainMlp(tf, mlpInit(dimsOf(c), seed + 1), task.train, { ...VANILLA, seed: seed + 2 });
  return { net: r.net, acc: testAccuracy(tf, r.net, task), reached: r.reached, epochs: r.epochs };
}

/** Refuses a task without learnable structure (mean baseline test accuracy below MIN_BASELINE_ACCURACY). */
export function requireLearnable(accs: number[]): void {
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  if (mean < MIN_BASELINE_ACCURACY)
    throw new AssumptionError(`synthetic task: a normally trained net reaches ${(100 * mean).toFixed(1)}% test accuracy on average (${accs.map((a) => (100 * a).toFixed(1)).join(', ')}), below the ${100 * MIN_BASELINE_ACCURACY}% the experiment assumes`);
}

/** The seeds of a run: ctx.seed + 1000·k, k = 0..seeds−1. */
export function seedsOf(ctx: ClaimContext, c: SyntheticConfig): number[] {
  return Array.from({ length: c.seeds }, (_, k) => ctx.seed + 1000 * k);
}

export interface IntervalDecision {
  claim: string;
  /** what the effect is, e.g. "test-accuracy drop (random init − adversarial init)" */
  effect: string;
  /** per-seed effects */
  values: number[];
  /** the smallest effect the claim means; the claim says effect > threshold */
  threshold: number;
  figures: Record<string, number>;
  plot?: PlotSpec;
  data?: unknown;
  decidedBy: string;
  /** extra text for the message (setup, secondary measurements) */
  detail: string;
}

/** The verdict of an effect interval against its threshold (see the top of this file), as an Outcome. */
export function intervalOutcome(ctx: ClaimContext, d: IntervalDecision): Outcome {
  const ci = meanInterval(d.values);
  const figures = { ...d.figures, effectMean: ci.mean, effectLo: ci.lo, effectHi: ci.hi, effectSd: ci.sd, threshold: d.threshold, seeds: ci.seeds };
  const text = `${d.claim}: ${d.effect} = ${ci.mean.toFixed(4)}, 95% interval [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}] over ${ci.seeds} seeds (per seed ${d.values.map((v) => v.toFixed(3)).join(', ')}); the claim needs > ${d.threshold}. ${d.detail} (tfjs backend ${tfBackendName()})`;
  const verdict = ci.lo > d.threshold ? 'confirmed' : ci.hi < d.threshold ? 'violated' : 'inconclusive';
  const suffix = verdict === 'confirmed' ? '' : verdict === 'violated' ? ' — the whole interval lies short of the threshold' : ' — the interval straddles the threshold: more seeds (--profile thorough) decide more';
  const range = ci.hi - ci.lo;
  return {
    verdict, message: text + suffix, figures, seed: ctx.seed, trials: ci.seeds, plot: d.plot, data: d.data,
    minSlack: verdict === 'confirmed' ? Math.min(1, (ci.lo - d.threshold) / Math.max(range, 1e-12)) : undefined,
    decidedBy: `${d.decidedBy}; TensorFlow.js backend: ${tfBackendName()}`, durationMs: 0,
  };
}

export async function tf(): Promise<Tf> {
  return loadTf();
}

/** Empirical CDF points of a sample (sorted values against k/n), for margin plots as in seed 002. */
export function cdf(values: ArrayLike<number>): { x: number[]; y: number[] } {
  const x = Array.from(values).sort((a, b) => a - b);
  return { x, y: x.map((_, k) => (k + 1) / x.length) };
}
