import fc from 'fast-check';
import { datasetToJSON, type Dataset } from '../data/dataset.js';
import { separableDataset, type PlantedDataset, type SeparableOptions } from '../data/separable.js';
import { retryRuleText, retryUndecided, type RetryRule } from '../harness/rules.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, TrialResult } from '../harness/types.js';
import { nonSupportGapFor, notInGeneralPosition } from '../data/general-position.js';
import { hardMarginSVM } from '../solvers/svm.js';
import { logistic } from '../losses/loss.js';
import { gdCurves, gdExperiment, type GdCurves, type GdExperiment, type GdExperimentOptions } from './gd-separable.js';
import { drawInputs, prefetchGdExperiments } from './gd-prefetch.js';

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
  /**
   * A dataset's horizon as a multiple of the profile's (default 1): for runs whose step is smaller than the
   * logistic loss's by a known factor, so that they cover the same gradient-flow time ηt. General position is
   * then required for the longer horizon.
   */
  horizonFactor?: (ds: D, horizon: number) => number;
  /**
   * A trial the horizon h does not decide (Inconclusive) is run again on the same data to the rule's longer horizon
   * before it counts as undecided (where a longer horizon is cheap: retryUndecided, src/harness/rules.ts); the
   * figures then carry `retriedHorizon`.
   */
  retry?: RetryRule;
  /** the check of one run: throw ClaimViolation to refute, return the trial's figures otherwise */
  trial(e: GdExperiment, c: GdCurves, ds: D): TrialResult;
  numRuns?: number;
  /** regression examples tried before the random inputs (counterexamples found by earlier searches) */
  examples?: D[];
  /**
   * Require data in general position (see src/data/general-position.ts); inputs outside it are skipped with
   * fc.pre and fast-check draws others. Default true; degenerate-data claims set false.
   */
  generalPosition?: boolean;
}

/** Runs a GD property over generated datasets (logistic loss, w0 = 0, η = 0.9 × bound unless overridden). */
export function gdProperty<D extends Dataset>(ctx: ClaimContext, spec: GdPropertySpec<D>): Outcome {
  const horizon = ctx.budget(GD_BUDGET.horizon);
  const arbitrary = spec.arbitrary ?? (separableDataset({ n: [3, 8], ...spec.data }) as unknown as fc.Arbitrary<D>);
  let described = '';
  const numRuns = spec.numRuns ?? ctx.budget(GD_BUDGET.numRuns);
  const horizonOf = (ds: D) => Math.round(horizon * (spec.horizonFactor?.(ds, horizon) ?? 1));
  const admitted = (ds: D, h: number) => !(spec.generalPosition ?? true) || notInGeneralPosition(hardMarginSVM(ds.Z, ds.n, ds.d), nonSupportGapFor(h)) === null;
  const options = (ds: D, h: number): GdExperimentOptions => ({ loss: logistic, horizon: h, ...(spec.gd?.(ds, h) ?? {}), subject: ctx.subject });
  // an implementation that takes several runs per message gets the property's runs at once (src/experiments/gd-prefetch.ts)
  if (ctx.subject.implementation?.runBatchedMany)
    prefetchGdExperiments(drawInputs(ctx, arbitrary, numRuns, spec.examples, (ds) => admitted(ds, horizonOf(ds))).map((ds) => ({ ds, o: options(ds, horizonOf(ds)) })));
  const out = checkProperty(ctx, {
    arbitrary,
    numRuns,
    examples: spec.examples,
    describeInput: (ds) => datasetToJSON(ds),
    trial(ds) {
      const h = horizonOf(ds);
      fc.pre(admitted(ds, h));
      const o = options(ds, h);
      const e = gdExperiment(ds, o);
      described = `GD on ${o.loss.name} loss (${o.mean ? 'mean' : 'sum'}), η = ${e.cfg.eta.toPrecision(3)}, to t = ${o.horizon.toExponential(0)}${spec.retry ? `; ${retryRuleText(spec.retry)}` : ''}`;
      if (!spec.retry) return spec.trial(e, gdCurves(e), ds);
      const runTo = (t: number) => {
        const x = t === h ? e : gdExperiment(ds, { ...o, horizon: t });
        return spec.trial(x, gdCurves(x), ds);
      };
      const { result, horizon: ran } = retryUndecided(spec.retry, h, runTo);
      return ran === h ? result : { ...result, figures: { ...result.figures, retriedHorizon: ran } };
    },
  });
  out.decidedBy = described;
  return out;
}

/** Values of a curve at the given indices. */
export function at(a: number[], idx: number[]): number[] {
  return idx.map((i) => a[i]);
}

/** A separable dataset with a GD starting point: zero, random (‖w0‖ ≤ 5), or adversarial (−3× a separator). */
export type StartedDataset = PlantedDataset & { start: { kind: 'zero' | 'random' | 'adversarial'; w0: Float64Array } };

/**
 * Separable data with a starting point for GD. "adversarial" starts at −3 u (u the planted separator), i.e.
 * misclassifying every point with a large norm, the start most unlike the limit.
 */
export function startedDataset(opts: SeparableOptions = {}): fc.Arbitrary<StartedDataset> {
  return fc
    .tuple(separableDataset({ n: [3, 8], ...opts }), fc.constantFrom('zero' as const, 'random' as const, 'adversarial' as const), fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 8, maxLength: 8 }))
    .map(([ds, kind, raw]) => {
      const w0 = new Float64Array(ds.d);
      if (kind === 'random') {
        const v = raw.slice(0, ds.d).map((k) => k / 1000);
        const r = Math.hypot(...v) || 1;
        for (let k = 0; k < ds.d; k++) w0[k] = (5 * v[k]) / Math.max(r, 1);
      } else if (kind === 'adversarial') {
        for (let k = 0; k < ds.d; k++) w0[k] = -3 * ds.planted.direction[k];
      }
      return Object.assign(ds, { start: { kind, w0 } });
    });
}

/** Index of the checkpoint nearest to t (on a log scale). */
export function nearestIndex(t: number[], target: number): number {
  let best = 0;
  for (let i = 1; i < t.length; i++) if (Math.abs(Math.log(t[i] / target)) < Math.abs(Math.log(t[best] / target))) best = i;
  return best;
}

