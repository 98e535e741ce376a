/**
 * A property of runs of one optimizer role on generated separable data (gdProperty of gd-claims.ts for any role):
 * the data, general position for the horizon (fc.pre: fast-check draws others), the run through the subject
 * (roleExperiment), and a trial of gd-trials.ts or the claim's own.
 */
import fc from 'fast-check';
import { datasetToJSON, type Dataset } from '../data/dataset.js';
import { nonSupportGapFor, notInGeneralPosition } from '../data/general-position.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, Profile, TrialResult } from '../harness/types.js';
import { hardMarginSVM } from '../solvers/svm.js';
import { GD_BUDGET } from './gd-claims.js';
import { gdCurves, type GdCurves, type GdExperiment } from './gd-separable.js';
import { roleExperiment, type RoleRunOptions } from './role-runs.js';

export interface RolePropertySpec<D extends Dataset> {
  arbitrary: fc.Arbitrary<D>;
  /** the run on one dataset (role, hyperparameters, loss) at the given horizon */
  run(ds: D, horizon: number): RoleRunOptions;
  trial(e: GdExperiment, c: GdCurves, ds: D): TrialResult;
  /** horizons per profile (default GD_BUDGET.horizon) and trial counts (default GD_BUDGET.numRuns) */
  horizon?: Record<Profile, number>;
  numRuns?: Record<Profile, number>;
  /** require general position for the horizon (default true) */
  generalPosition?: boolean;
}

export function roleProperty<D extends Dataset>(ctx: ClaimContext, spec: RolePropertySpec<D>): Outcome {
  const horizon = ctx.budget(spec.horizon ?? GD_BUDGET.horizon);
  let described = '';
  const out = checkProperty<D>(ctx, {
    arbitrary: spec.arbitrary,
    numRuns: ctx.budget(spec.numRuns ?? GD_BUDGET.numRuns),
    describeInput: (ds: D) => datasetToJSON(ds),
    trial(ds) {
      if (spec.generalPosition ?? true) fc.pre(notInGeneralPosition(hardMarginSVM(ds.Z, ds.n, ds.d), nonSupportGapFor(horizon)) === null);
      const o = spec.run(ds, horizon);
      described = `${o.role} (${Object.entries(o.hyper).map(([k, v]) => `${k} = ${typeof v === 'number' ? v.toPrecision(3) : v}`).join(', ')}) on the ${o.loss.name} loss (${o.mean ? 'mean' : 'sum'}) to t = ${horizon.toExponential(0)}`;
      const e = roleExperiment(ds, ctx.subject, o);
      return spec.trial(e, gdCurves(e), ds);
    },
  });
  out.decidedBy = described;
  return out;
}
