/**
 * Helpers for a claim's `onData(ctx, ds)`: the same trial the claim runs on generated data, run once on a dataset
 * a user gave (`claims check --data points.csv`), with the same verdict mapping as the property runner:
 * ClaimViolation → violated, Inconclusive → inconclusive, NotApplicable → not applicable (the claim's own extra
 * assumption does not hold for these data), anything else → error.
 */
import type { Dataset } from '../data/dataset.js';
import { nonSupportGapFor, notInGeneralPosition } from '../data/general-position.js';
import { GD_BUDGET } from '../experiments/gd-claims.js';
import { gdCurves, gdExperiment, gdExperimentEta, type GdCurves, type GdExperiment, type GdExperimentOptions } from '../experiments/gd-separable.js';
import { ClaimViolation, Inconclusive, NotApplicable } from '../harness/errors.js';
import type { ClaimContext, Outcome, TrialResult } from '../harness/types.js';
import { logistic } from '../losses/loss.js';
import { hardMarginSVM } from '../solvers/svm.js';
import { limitDual, withLimitDual } from '../solvers/limit-dual.js';
import { decidingHorizon, flowExperiment, flowStepEstimate, FLOW_MAX_STEPS, FLOW_T_END } from './on-data-flow.js';

/** The data miss an assumption of this claim alone (src/harness/errors.ts; typed kind 'not-applicable'). */
export { NotApplicable };

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
  /**
   * the trial measures the asymptotic regime (a limit or a rate over [√T, T]), so it needs data in general
   * position for the horizon (default true); when GD's horizon is not enough, the flow to 1e30 decides, or the
   * verdict is inconclusive naming the horizon the data need. False: any horizon decides (bounds, monotonicity).
   */
  generalPosition?: boolean;
  /**
   * the claim is one of Thm 3's O(1/log t) rates, proved for almost every dataset: on degenerate data (a support
   * vector no dual needs, Sec. 4) that hypothesis fails and the claim is not applicable (the rate there is
   * O(log log t / log t), which gd-direction-converges-to-max-margin's rule accepts)
   */
  nonDegenerate?: boolean;
  /** GD options beyond the defaults (logistic loss, sum, w0 = 0, η = 0.9 × bound) */
  gd?: Partial<GdExperimentOptions>;
}

/** Where Soudry et al. (JMLR 2018) assume non-degenerate data, for NotApplicable messages. */
export const NON_DEGENERATE_HYPOTHESIS =
  'Soudry et al. 2018, Thm 3 proves the O(1/log t) rates for almost every dataset; its proof (eq. (8) and Appendix) needs a dual with α_s > 0 on every support vector, which degenerate data lack (Sec. 4: there ρ(t) grows like log log t and the rate is O(log log t / log t))';

/**
 * A section-A GD trial on the user's dataset, the trial's measurement and decision rule unchanged. Who decides:
 * 1. GD (the subject's `gd`: the user's implementation or the reference) to the profile's horizon, when the data are in
 *    general position for it (or the trial needs none);
 * 2. otherwise the gradient flow in log time to t = 1e30 (the oracle for the limit: GD with step η at step t
 *    follows it at time ηt), when the horizon the data need (decidingHorizon: from the non-support gap and the
 *    duals) is within 1e30 or the data are degenerate (whose law Sec. 4 gives on the flow), and the flow's
 *    stiffness (from the duals) fits FLOW_MAX_STEPS;
 * 3. otherwise inconclusive, naming the horizon that would decide.
 * The SVM's dual is replaced by the one GD's limit selects (src/solvers/limit-dual.ts): unique even when the
 * SVM's is not, so duplicated or redundant support vectors are not mistaken for degenerate ones.
 * Not applicable only for `nonDegenerate` claims on degenerate data (NON_DEGENERATE_HYPOTHESIS).
 */
export function gdOnData<D extends Dataset>(ctx: ClaimContext, ds: D, trial: (e: GdExperiment, c: GdCurves, ds: D) => TrialResult, opts: GdOnDataOptions = {}): Outcome {
  const horizon = ctx.budget(GD_BUDGET.horizon);
  const svm0 = hardMarginSVM(ds.Z, ds.n, ds.d);
  const ld = limitDual(ds.Z, ds.d, svm0);
  const svm = ld.degenerate ? svm0 : withLimitDual(svm0, ld);
  const o: GdExperimentOptions = { loss: logistic, horizon, ...opts.gd, subject: ctx.subject };
  const gdPath = (): Outcome => {
    const e = { ...gdExperiment(ds, o), svm };
    const decidedBy = `GD on ${o.loss.name} loss (${o.mean ? 'mean' : 'sum'}), η = ${e.cfg.eta.toPrecision(3)}, to t = ${horizon.toExponential(0)}, on the given dataset (n = ${ds.n}, d = ${ds.d})`;
    return singleTrial(ctx, decidedBy, () => trial(e, gdCurves(e), ds));
  };
  if (!(opts.generalPosition ?? true)) return gdPath();
  if (ld.degenerate && opts.nonDegenerate)
    throw new NotApplicable(`the data are degenerate: support point${ld.unneeded.length > 1 ? 's' : ''} ${ld.unneeded.join(', ')} carr${ld.unneeded.length > 1 ? 'y' : 'ies'} α = 0 in every dual, and ${NON_DEGENERATE_HYPOTHESIS}`);
  const why = ld.degenerate ? `support point${ld.unneeded.length > 1 ? 's' : ''} ${ld.unneeded.join(', ')} carr${ld.unneeded.length > 1 ? 'y' : 'ies'} α = 0 in every dual (degenerate data, Soudry et al. Sec. 4)` : notInGeneralPosition(svm, nonSupportGapFor(horizon));
  if (why === null) return gdPath();
  const eta = gdExperimentEta(ds, o);
  const need = ld.degenerate ? null : decidingHorizon(ds.Z, ds.d, svm, eta);
  const gdCannot = `GD to T = ${horizon.toExponential(0)} cannot reach the asymptotic regime the claim measures: ${why}`;
  const needText = need
    ? `the data need T ≈ ${fmtT(need.T)} GD steps of η = ${eta.toPrecision(3)} (from the non-support gap δ = ${need.gap.toPrecision(3)}: ${fmtT(need.fromGap)}; from the duals, λ_min(Σα_s z_s z_sᵀ) = ${need.lambdaMin.toPrecision(3)}: ${fmtT(need.fromDuals)})`
    : 'on degenerate data ρ(t) grows like log log t (Sec. 4), so only the flow to 1e30 reaches the regime';
  const started = performance.now();
  const steps = flowStepEstimate(ds.Z, ds.d, svm);
  if (steps > FLOW_MAX_STEPS)
    return inconclusive(ctx, `${gdCannot}; ${needText}; the gradient flow to 1e30 would need ≈ ${fmtT(steps)} integration steps (stiffness λ_max(Σα_s z_s z_sᵀ) from the duals; budget ${FLOW_MAX_STEPS})${need ? `: a GD horizon of T ≈ ${fmtT(need.T)} would decide` : ''}`, started, need);
  let e: ReturnType<typeof flowExperiment>;
  try {
    e = flowExperiment(ds, svm, Math.max(4 * steps, 2000));
  } catch (err) {
    return inconclusive(ctx, `${gdCannot}; the gradient flow to 1e30 did not finish (${(err as Error).message}); ${needText}`, started, need);
  }
  const impl = ctx.subject.implementation;
  const decidedBy = `gradient flow (logistic, sum, w(0) = 0; DOPRI5 in log time, ${e.flowSteps} steps, error estimate ${e.flowError.toExponential(1)}) to t = 1e30, the oracle for GD's limit${impl ? ` (ours: it says what the limit is; ${impl.name}'s GD was not run)` : ''}, because ${gdCannot}; ${needText}`;
  const out = singleTrial(ctx, decidedBy, () => trial(e, gdCurves(e), ds));
  // the flow reached t = 1e30 (ηT = 1e30 in GD's steps); when that is short of what the data need, say so
  if (out.verdict === 'inconclusive' && need) out.message += `; on the flow to t = 1e30 (GD's T = ${fmtT(FLOW_T_END / eta)}); ${needText}: a horizon of T ≈ ${fmtT(need.T)} would decide`;
  return out;
}

function inconclusive(ctx: ClaimContext, message: string, started: number, need: { T: number; fromGap: number; fromDuals: number } | null): Outcome {
  const figures: Record<string, number> = {};
  if (need) for (const [k, v] of [['horizonNeeded', need.T], ['horizonFromGap', need.fromGap], ['horizonFromDuals', need.fromDuals]] as const) if (Number.isFinite(v)) figures[k] = v;
  return { verdict: 'inconclusive', message, figures, seed: ctx.seed, trials: 1, decidedBy: 'no run: the horizon the data need is beyond what GD and the flow can reach here', durationMs: performance.now() - started };
}

function fmtT(t: number): string {
  return Number.isFinite(t) ? t.toExponential(1) : '∞';
}
