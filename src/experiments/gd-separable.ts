import type { Dataset } from '../data/dataset.js';
import type { Loss } from '../losses/loss.js';
import { angleGap, minMargin } from '../metrics/margins.js';
import { gdStepBound, runGd, type GdConfig, type GdTrace } from '../optimizers/gd.js';
import { hardMarginSVM, type SvmSolution } from '../solvers/svm.js';
import { runGdOnSubject } from '../impl/run-gd-role.js';
import { isReference, referenceSubject, type Subject } from '../impl/subject.js';
import { AssumptionError } from '../harness/errors.js';
import { norm2 } from '../linalg/vec.js';

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
  /** whose `gd` runs (default our reference, which runs the fused kernel of runGd); pass `ctx.subject` */
  subject?: Subject;
}

// Many claims measure the same run (same data, optimizer, horizon): compute it once per worker.
const memo = new Map<string, GdExperiment>();
const MEMO_LIMIT = 256;

// each subject object gets its own number in the memo key (two subjects may share a name)
const subjectIds = new WeakMap<Subject, number>();
let subjectCount = 0;
function subjectId(s: Subject): number {
  let id = subjectIds.get(s);
  if (id === undefined) subjectIds.set(s, (id = ++subjectCount));
  return id;
}

function key(ds: Dataset, o: GdExperimentOptions): string {
  return JSON.stringify([
    subjectId(o.subject ?? referenceSubject),
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
  const { subject: _subject, ...config } = o;
  const cfg: GdConfig = { ...config, eta };
  // a subject other than our reference runs its own `gd` (controls wrap it: weight decay, projection, another
  // loss); the assumption checks (step bound) are the same. Our reference runs the fused kernel of runGd.
  const subject = o.subject ?? referenceSubject;
  const trace = isReference(subject)
    ? runGd(ds.Z, ds.n, ds.d, w0, o.horizon, cfg, o.perDecade)
    : runGdOnSubject(subject, ds.Z, ds.n, ds.d, w0, o.horizon, checkedConfig(ds, w0, cfg), o.perDecade, gdStepBound(ds.Z, ds.n, ds.d, o.loss, w0, o.mean));
  return remember(k, ds, o, cfg, w0, trace);
}

function remember(k: string, ds: Dataset, o: GdExperimentOptions, cfg: GdConfig, w0: Float64Array, trace: GdTrace): GdExperiment {
  const exp = { ds, svm: hardMarginSVM(ds.Z, ds.n, ds.d), trace, cfg, horizon: o.horizon, w0 };
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  memo.set(k, exp);
  return exp;
}

/**
 * The run gdExperiment(ds, o) would hand to a subject other than our reference (its w0, its config after the
 * step-size check, the step bound it records), or null when it is memoized already or the subject is ours. Throws
 * what gdExperiment would throw for the assumptions (AssumptionError).
 */
export function gdSubjectRun(ds: Dataset, o: GdExperimentOptions): { w0: Float64Array; cfg: GdConfig; etaBound: number } | null {
  if (isReference(o.subject ?? referenceSubject) || memo.has(key(ds, o))) return null;
  const w0 = o.w0 ?? new Float64Array(ds.d);
  const { subject: _subject, ...config } = o;
  const cfg = checkedConfig(ds, w0, { ...config, eta: gdExperimentEta(ds, o) });
  return { w0, cfg, etaBound: gdStepBound(ds.Z, ds.n, ds.d, o.loss, w0, o.mean) };
}

/** Stores the trace of gdSubjectRun(ds, o)'s run, computed elsewhere (src/experiments/gd-prefetch.ts), for gdExperiment. */
export function primeGdExperiment(ds: Dataset, o: GdExperimentOptions, cfg: GdConfig, w0: Float64Array, trace: GdTrace): void {
  remember(key(ds, o), ds, o, cfg, w0, trace);
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
    const r = norm2(w);
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
