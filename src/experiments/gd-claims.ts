import fc from 'fast-check';
import { datasetToJSON, type Dataset } from '../data/dataset.js';
import { separableDataset, type SeparableOptions } from '../data/separable.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, TrialResult } from '../harness/types.js';
import { logistic } from '../losses/loss.js';
import { gdCurves, gdExperiment, type GdCurves, type GdExperiment, type GdExperimentOptions } from './gd-separable.js';

/** GD horizons and trial counts per profile for the section-A claims (the default profile stays under 3 min). */
export const GD_BUDGET = {
  horizon: { smoke: 1e5, default: 1e6, thorough: 1e7 },
  numRuns: { smoke: 3, default: 6, thorough: 20 },
} as const;

/** A property of GD runs on generated separable data. */
export interface GdPropertySpec<D extends Dataset = Dataset> {
  /** the data (default: separableDataset with its defaults) */
  arbitrary?: fc.Arbitrary<D>;
  data?: SeparableOptions;
  /** GD options for a dataset; `horizon` is filled from the budget unless given */
  gd?: (ds: D, horizon: number) => Partial<GdExperimentOptions>;
  /** the check of one run: throw ClaimViolation to refute, return the trial's figures otherwise */
  trial(e: GdExperiment, c: GdCurves, ds: D): TrialResult;
  numRuns?: number;
}

/** Runs a GD property over generated datasets (logistic loss, w0 = 0, η = 0.9 × bound unless overridden). */
export function gdProperty<D extends Dataset>(ctx: ClaimContext, spec: GdPropertySpec<D>): Outcome {
  const horizon = ctx.budget(GD_BUDGET.horizon);
  const arbitrary = spec.arbitrary ?? (separableDataset(spec.data) as unknown as fc.Arbitrary<D>);
  let described = '';
  const out = checkProperty(ctx, {
    arbitrary,
    numRuns: spec.numRuns ?? ctx.budget(GD_BUDGET.numRuns),
    describeInput: (ds) => datasetToJSON(ds),
    trial(ds) {
      const o: GdExperimentOptions = { loss: logistic, horizon, ...(spec.gd?.(ds, horizon) ?? {}) };
      const e = gdExperiment(ds, o);
      described = `GD on ${o.loss.name} loss (${o.mean ? 'mean' : 'sum'}), η = ${e.cfg.eta.toPrecision(3)}, to t = ${o.horizon.toExponential(0)}`;
      return spec.trial(e, gdCurves(e), ds);
    },
  });
  out.decidedBy = described;
  return out;
}

/** Values of a curve at the given indices. */
export function at(a: number[], idx: number[]): number[] {
  return idx.map((i) => a[i]);
}
