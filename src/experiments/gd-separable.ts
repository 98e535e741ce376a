import type { Dataset } from '../data/dataset.js';
import type { Loss } from '../losses/loss.js';
import { angleGap, minMargin } from '../metrics/margins.js';
import { gdStepBound, runGd, type GdConfig, type GdTrace } from '../optimizers/gd.js';
import { hardMarginSVM, type SvmSolution } from '../solvers/svm.js';
import { runGdRole } from '../impl/run-gd-role.js';
import { selectedFactory, selectedImplementation } from '../impl/select.js';
import { AssumptionError } from '../harness/errors.js';

/** The step-size assumption, checked before an implementation under test runs (runGd checks it itself). */
function checkedConfig(ds: Dataset, w0: Float64Array, cfg: GdConfig): GdConfig {
  const bound = gdStepBound(ds.Z, ds.n, ds.d, cfg.loss, w0, cfg.mean);
  if (!cfg.allowLargeStep && !(cfg.eta < bound)) throw new AssumptionError(`gd: step η=${cfg.eta} is not below the bound 2/(β σ_max²)=${bound.toPrecision(6)}`);
  return cfg;
}

/** One run of GD on separable data with its reference max-margin solution. */
export interface GdExperiment {
  ds: Dataset;
  svm: SvmSolution;
  trace: GdTrace;
  cfg: GdConfig;
  horizon: number;
  w0: Float64Array;
}

/** Options: the loss, the horizon, the step (an absolute η, or a fraction of the step-size bound), the start. */
export interface GdExperimentOptions extends Omit<GdConfig, 'eta'> {
  horizon: number;
  /** absolute step; default `stepFraction` × the bound 2/(β σ_max²) */
  eta?: number;
  /** fraction of the step-size bound (default 0.9, and never above 1/β·… the bound itself) */
  stepFraction?: number;
  w0?: Float64Array;
  perDecade?: number;
}

// Many claims measure the same run (same data, optimizer, horizon): compute it once per worker.
const memo = new Map<string, GdExperiment>();
const MEMO_LIMIT = 256;

function key(ds: Dataset, o: GdExperimentOptions): string {
  return JSON.stringify([
    selectedImplementation()?.name ?? 'reference',
    Array.from(ds.Z), ds.n, ds.d, o.loss.name, o.gradientLoss?.name, o.horizon, o.eta, o.stepFraction, o.mean,
    o.weightDecay, o.projectRadius, o.w0 ? Array.from(o.w0) : null, o.perDecade, o.allowLargeStep,
  ]);
}

/**
 * Runs GD (memoized) and solves the hard-margin SVM on the same data. The SVM is verified by its KKT
 * conditions (it throws otherwise, which makes the claim an "error", never a verdict).
 */
export function gdExperiment(ds: Dataset, o: GdExperimentOptions): GdExperiment {
  const k = key(ds, o);
  const hit = memo.get(k);
  if (hit) return hit;
  const w0 = o.w0 ?? new Float64Array(ds.d);
  const eta = gdExperimentEta(ds, o);
  const cfg: GdConfig = { ...o, eta };
  const svm = hardMarginSVM(ds.Z, ds.n, ds.d);
  // the implementation under test, when one is selected and provides `gd`, runs instead of the fused kernel;
  // the assumption checks (step bound) are the same
  const impl = selectedImplementation();
  const factory = selectedFactory('gd');
  const trace =
    impl && factory && !o.weightDecay && !o.projectRadius && !o.gradientLoss
      ? runGdRole(factory, impl.name, ds.Z, ds.n, ds.d, w0, o.horizon, checkedConfig(ds, w0, cfg), o.perDecade, gdStepBound(ds.Z, ds.n, ds.d, o.loss, w0, o.mean))
      : runGd(ds.Z, ds.n, ds.d, w0, o.horizon, cfg, o.perDecade);
  const exp = { ds, svm, trace, cfg, horizon: o.horizon, w0 };
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  memo.set(k, exp);
  return exp;
}

/** The step gdExperiment takes: `eta`, or `stepFraction` (default 0.9) × the bound 2/(β σ_max²). */
export function gdExperimentEta(ds: Dataset, o: GdExperimentOptions): number {
  return o.eta ?? (o.stepFraction ?? 0.9) * gdStepBound(ds.Z, ds.n, ds.d, o.loss, o.w0 ?? new Float64Array(ds.d), o.mean);
}

/** Curves measured along a GD run, one entry per checkpoint. */
export interface GdCurves {
  t: number[];
  logT: number[];
  norm: number[];
  /** ‖w_t/‖w_t‖ − ū‖ */
  angleGap: number[];
  /** γ̄ − γ(w_t) */
  marginGap: number[];
  /** ‖ρ(t)‖ = ‖w_t − ŵ log t‖ */
  residualNorm: number[];
  loss: number[];
  logLoss: number[];
}

/** Computes the standard curves of a GD run against its SVM solution. */
export function gdCurves(e: GdExperiment): GdCurves {
  const { ds, svm, trace } = e;
  const c: GdCurves = { t: trace.t, logT: [], norm: [], angleGap: [], marginGap: [], residualNorm: [], loss: trace.loss, logLoss: trace.logLoss };
  trace.t.forEach((t, i) => {
    const w = trace.w[i];
    const r = Math.hypot(...w);
    const lt = Math.log(t);
    c.logT.push(lt);
    c.norm.push(r);
    c.angleGap.push(r > 0 ? angleGap(w, svm.direction) : NaN);
    c.marginGap.push(r > 0 ? svm.gamma - minMargin(ds.Z, ds.n, ds.d, w) / r : NaN);
    let s = 0;
    for (let k = 0; k < ds.d; k++) s += (w[k] - svm.w[k] * lt) ** 2;
    c.residualNorm.push(Math.sqrt(s));
  });
  return c;
}
