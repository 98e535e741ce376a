/**
 * Helpers for a claim's `onData(ctx, ds)`: the same trial the claim runs on generated data, run once on a dataset
 * a user gave (`claims check --data points.csv`), with the same verdict mapping as the property runner:
 * ClaimViolation → violated, Inconclusive → inconclusive, NotApplicable → not applicable (the claim's own extra
 * assumption does not hold for these data), anything else → error.
 */
import type { Dataset } from '../data/dataset.js';
import { nonSupportGapFor, notInGeneralPosition } from '../data/general-position.js';
import { GD_BUDGET } from '../experiments/gd-claims.js';
import { gdCurves, gdExperiment, type GdCurves, type GdExperiment, type GdExperimentOptions } from '../experiments/gd-separable.js';
import { ClaimViolation, Inconclusive } from '../harness/errors.js';
import type { ClaimContext, Outcome, TrialResult } from '../harness/types.js';
import { logistic } from '../losses/loss.js';
import { hardMarginSVM } from '../solvers/svm.js';

/** The data miss an assumption of this claim alone: the claim says nothing about them (listed as not applicable). */
export class NotApplicable extends Error {
  override name = 'NotApplicable';
}

/** Runs one trial on the user's dataset and returns its verdict as an Outcome (trials = 1). */
export function singleTrial(ctx: ClaimContext, decidedBy: string, trial: () => TrialResult): Outcome {
  const started = performance.now();
  const base = { seed: ctx.seed, trials: 1, decidedBy, durationMs: 0 };
  const done = (o: Outcome): Outcome => ({ ...o, durationMs: performance.now() - started });
  try {
    const r = trial();
    if (r.inconclusive) return done({ ...base, verdict: 'inconclusive', message: r.inconclusive, figures: r.figures, plot: r.plot, data: r.data });
    return done({
      ...base,
      verdict: 'confirmed',
      message: `held on the given dataset${r.slack !== undefined ? `; slack ${r.slack.toPrecision(3)}` : ''}`,
      figures: r.figures,
      minSlack: r.slack,
      plot: r.plot,
      data: r.data,
    });
  } catch (e) {
    if (e instanceof ClaimViolation) return done({ ...base, verdict: 'violated', message: e.message, figures: { ...e.figures }, plot: e.plot, data: e.data });
    if (e instanceof Inconclusive) return done({ ...base, verdict: 'inconclusive', message: e.message, figures: { ...e.figures }, plot: e.plot });
    throw e; // NotApplicable and errors: the caller (runCheck / the check command) classifies them
  }
}

/** Options of {@link gdOnData}. */
export interface GdOnDataOptions {
  /** require general position for the horizon, as the claim's generated data do (default true) */
  generalPosition?: boolean;
  /** GD options beyond the defaults (logistic loss, sum, w0 = 0, η = 0.9 × bound) */
  gd?: Partial<GdExperimentOptions>;
}

/**
 * A section-A GD trial on the user's dataset: GD (the subject's `gd`: the user's implementation or the reference) to the
 * profile's horizon, the trial's measurement and decision rule unchanged. Data not in general position for the
 * horizon, when the claim requires it, are NotApplicable with the reason (which point, which threshold).
 */
export function gdOnData<D extends Dataset>(ctx: ClaimContext, ds: D, trial: (e: GdExperiment, c: GdCurves, ds: D) => TrialResult, opts: GdOnDataOptions = {}): Outcome {
  const horizon = ctx.budget(GD_BUDGET.horizon);
  if (opts.generalPosition ?? true) {
    const why = notInGeneralPosition(hardMarginSVM(ds.Z, ds.n, ds.d), nonSupportGapFor(horizon));
    if (why) throw new NotApplicable(`the data are not in general position for the horizon T = ${horizon.toExponential(0)}, which this claim assumes: ${why}`);
  }
  const o: GdExperimentOptions = { loss: logistic, horizon, ...opts.gd, subject: ctx.subject };
  const e = gdExperiment(ds, o);
  const decidedBy = `GD on ${o.loss.name} loss (${o.mean ? 'mean' : 'sum'}), η = ${e.cfg.eta.toPrecision(3)}, to t = ${horizon.toExponential(0)}, on the given dataset (n = ${ds.n}, d = ${ds.d})`;
  return singleTrial(ctx, decidedBy, () => trial(e, gdCurves(e), ds));
}
