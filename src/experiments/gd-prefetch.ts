/**
 * Several GD runs per message for an implementation with a `runBatchedMany` hook (a protocol child whose hello
 * says `"runs": K`, docs/protocol.md): before a section-A property runs, the datasets it will draw are drawn
 * first — the same fast-check parameters (seed, numRuns, path, examples) and the same precondition give the same
 * sequence of inputs — and their runs go to the implementation in one call; the traces are memoized where
 * gdExperiment (src/experiments/gd-separable.ts) finds them. A run the prefetch cannot take (not describable, an
 * assumption that fails, a fault of the implementation, a retry's longer horizon, shrinking after a violation) is
 * left to the property, which runs it alone and reports what happened as before. The traces are built from the
 * iterates exactly as runGdOnSubject builds them from a single batched run, so the verdicts are the same as with
 * one run per message whenever the implementation returns the same iterates (pinned by test/impl/runs.test.ts).
 */
import fc from 'fast-check';
import type { Dataset } from '../data/dataset.js';
import { checkParameters } from '../harness/property.js';
import type { ClaimContext } from '../harness/types.js';
import { batchedRuns, describable } from '../impl/batched.js';
import type { BatchedRequest } from '../impl/interface.js';
import { geometricCheckpoints } from '../optimizers/checkpoints.js';
import { recordCheckpoint, type GdConfig, type GdTrace } from '../optimizers/gd.js';
import { marginObjective } from '../optimizers/objectives.js';
import { withWeightDecay } from '../impl/wrappers.js';
import { gdSubjectRun, primeGdExperiment, type GdExperimentOptions } from './gd-separable.js';

/** The inputs a property of `numRuns` runs will be given under ctx's seed and path (the precondition applied). */
export function drawInputs<T>(ctx: ClaimContext, arbitrary: fc.Arbitrary<T>, numRuns: number, examples: T[] | undefined, admit: (x: T) => boolean): T[] {
  const seen: T[] = [];
  fc.check(
    fc.property(arbitrary, (x) => {
      fc.pre(admit(x));
      seen.push(x);
    }),
    checkParameters(ctx, { numRuns, examples }),
  );
  return seen;
}

/** drawInputs for a property whose precondition is asynchronous (checkPropertyAsync's). */
export async function drawInputsAsync<T>(ctx: ClaimContext, arbitrary: fc.Arbitrary<T>, numRuns: number, admit: (x: T) => Promise<boolean>): Promise<T[]> {
  const seen: T[] = [];
  await fc.check(
    fc.asyncProperty(arbitrary, async (x) => {
      fc.pre(await admit(x));
      seen.push(x);
    }),
    checkParameters(ctx, { numRuns }),
  );
  return seen;
}

interface Planned {
  ds: Dataset;
  o: GdExperimentOptions;
  cfg: GdConfig;
  w0: Float64Array;
  etaBound: number;
  request: BatchedRequest;
}

/** Runs the GD experiments of `items` that the subject can take in one batched call; returns how many it primed. */
export function prefetchGdExperiments(items: { ds: Dataset; o: GdExperimentOptions }[]): number {
  const impl = items[0]?.o.subject?.implementation;
  if (!impl?.runBatchedMany || !impl.optimizers.gd) return 0;
  const planned: Planned[] = [];
  for (const { ds, o } of items) {
    let run: ReturnType<typeof gdSubjectRun>;
    try {
      run = gdSubjectRun(ds, o);
    } catch {
      continue; // an assumption the trial reports itself
    }
    // runGdOnSubject's batched path: the same objective, checkpoints and hyperparameters
    if (!run) continue;
    const projection = run.cfg.projectRadius || undefined;
    const base = marginObjective({ Z: ds.Z, n: ds.n, d: ds.d }, run.cfg.gradientLoss ?? run.cfg.loss, { mean: run.cfg.mean });
    const problem = (run.cfg.weightDecay ? withWeightDecay(base, run.cfg.weightDecay) : base).problem;
    if (!problem || !describable(impl, problem, undefined, projection) || planned.some((p) => p.ds === ds && p.o.horizon === o.horizon)) continue;
    const checkpoints = geometricCheckpoints(o.horizon, o.perDecade ?? 20);
    planned.push({ ds, o, ...run, request: { role: 'gd', hyper: { eta: run.cfg.eta }, problem, w0: run.w0, checkpoints, ...(projection ? { projection } : {}) } });
  }
  if (planned.length < 2) return 0; // one run per message is what the property does anyway
  const results = batchedRuns(impl, planned.map((p) => p.request)) ?? [];
  let primed = 0;
  results.forEach((ws, i) => {
    if (!Array.isArray(ws)) return; // declined or a fault: the property runs it alone and names the fault
    const { ds, o, cfg, w0, etaBound, request } = planned[i];
    const trace: GdTrace = { t: [], w: [], loss: [], logLoss: [], etaBound, iterations: o.horizon };
    try {
      ws.forEach((w, j) => recordCheckpoint(trace, request.checkpoints[j], w, ds.Z, ds.n, ds.d, cfg.loss, cfg.mean ?? false));
    } catch {
      return; // a numerical fault the property meets again and reports
    }
    primeGdExperiment(ds, o, cfg, w0, trace);
    primed++;
  });
  return primed;
}
