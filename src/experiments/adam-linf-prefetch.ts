/**
 * Several runs per message for adam-converges-to-linf-max-margin (as src/experiments/gd-prefetch.ts does for
 * section A): the datasets the property will draw are drawn first (same seed, path, precondition), their scheduled
 * Adam runs go to the implementation's runBatchedMany in one call, and adamTowardsLinf
 * (src/experiments/adam-linf.ts) takes its run from here. A run the call did not settle (declined, a fault) is run
 * by the trial itself, alone, which reports what happened.
 */
import type { Dataset } from '../data/dataset.js';
import { batchedRuns } from '../impl/batched.js';
import type { BatchedRequest } from '../impl/interface.js';
import type { Subject } from '../impl/subject.js';
import { withWeightDecay } from '../impl/wrappers.js';
import { logistic } from '../losses/loss.js';
import { geometricCheckpoints } from '../optimizers/checkpoints.js';
import { marginObjective } from '../optimizers/objectives.js';
import type { Objective } from '../optimizers/types.js';

/** What adamTowardsLinf runs (its ScheduledAdam options). */
export interface AdamLinfRun {
  eta: number;
  a: number;
  eps: number;
  horizon: number;
  weightDecay?: number;
}

/** The objective, the inner Adam's hyperparameters (η = 1: the schedule scales the steps) and the checkpoints. */
export function adamLinfSetup(ds: Dataset, o: AdamLinfRun): { obj: Objective; hyper: { eta: number; eps: number; beta1: number; beta2: number }; cps: number[] } {
  const base = marginObjective(ds, logistic);
  return { obj: o.weightDecay ? withWeightDecay(base, o.weightDecay) : base, hyper: { eta: 1, eps: o.eps, beta1: 0.9, beta2: 0.999 }, cps: geometricCheckpoints(o.horizon, 20) };
}

const memo = new WeakMap<Subject, Map<string, Float64Array[]>>();
const key = (ds: Dataset, o: AdamLinfRun) => JSON.stringify([Array.from(ds.Z), ds.n, ds.d, o.eta, o.a, o.eps, o.horizon, o.weightDecay]);

/** Sends the runs of `datasets` in one call when the subject's implementation takes several; returns how many it got. */
export function prefetchAdamLinf(subject: Subject, datasets: Dataset[], o: AdamLinfRun): number {
  const impl = subject.implementation;
  if (!impl?.runBatchedMany || !subject.factory('adam') || datasets.length < 2) return 0;
  const requests: BatchedRequest[] = [];
  for (const ds of datasets) {
    const { obj, hyper, cps } = adamLinfSetup(ds, o);
    if (!obj.problem) return 0;
    requests.push({ role: 'adam', hyper, problem: obj.problem, w0: new Float64Array(ds.d), checkpoints: cps, schedule: { eta: o.eta, power: o.a } });
  }
  const results = batchedRuns(impl, requests) ?? [];
  const mine = memo.get(subject) ?? new Map<string, Float64Array[]>();
  memo.set(subject, mine);
  let got = 0;
  results.forEach((ws, i) => {
    if (Array.isArray(ws)) (mine.set(key(datasets[i], o), ws), got++);
  });
  return got;
}

/** The prefetched run of (ds, o) for this subject, once (undefined when there is none). */
export function takeAdamLinf(subject: Subject, ds: Dataset, o: AdamLinfRun): Float64Array[] | undefined {
  const mine = memo.get(subject);
  const k = key(ds, o);
  const ws = mine?.get(k);
  mine?.delete(k);
  return ws;
}
