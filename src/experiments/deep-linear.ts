/**
 * The deep linear network experiments of seed 002 ("Deep linear networks", Ji & Telgarsky 2019): GD on the mean
 * logistic risk of x ↦ W_L⋯W_1 x over generated separable data, recorded at geometric checkpoints: per layer the
 * Frobenius and spectral norms, the top singular vectors, the product's direction against the max-margin ū, and the
 * balance matrices W_{i+1}ᵀW_{i+1} − W_iW_iᵀ.
 */
import fc from 'fast-check';
import { datasetToJSON } from '../data/dataset.js';
import { separableDataset, type PlantedDataset } from '../data/separable.js';
import { AssumptionError, Inconclusive } from '../harness/errors.js';
import { retryRuleText, retryUndecided, type RetryRule } from '../harness/rules.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, Profile, TrialResult } from '../harness/types.js';
import { logistic } from '../losses/loss.js';
import {
  cloneNet, deepLinearFlow, deepLinearGd, deepLinearLogRisk, deepLinearProduct, frobenius, singular, type DeepLinearNet,
  type DeepLoss,
} from '../models/deep-linear.js';
import { geometricCheckpoints } from '../optimizers/checkpoints.js';
import { seedRng } from '../optimizers/rng.js';
import { hardMarginSVM } from '../solvers/svm.js';
import { gaussianFill } from './random.js';
import { notInGeneralPosition } from '../data/general-position.js';
import { norm2 } from '../linalg/vec.js';

/**
 * Non-support gap δ of the general-position precondition of the direction claim (src/data/general-position.ts):
 * 0.4, the value section A uses at T = 1e6. Measured on 60 generated problems at T = 1e20: in general position the
 * gap shrank over [√T, T] by 0.48–0.79; outside it by up to 0.99 (the log log t transient of degenerate data).
 */
export const GENERAL_POSITION_GAP = 0.4;

/**
 * Horizons and trial counts per profile: the flow's horizon in t (log time makes 1e20 cheap), GD's in iterations
 * (the controls, whose iterates converge to a finite point well before 2e4 steps).
 */
export const DEEP_LINEAR_BUDGET = {
  horizon: { smoke: 1e15, default: 1e30, thorough: 1e60 },
  gdHorizon: { smoke: 5e4, default: 5e4, thorough: 2e5 },
  numRuns: { smoke: 3, default: 10, thorough: 50 },
} as const satisfies Record<string, Record<Profile, number>>;

/**
 * Step size on the mean risk. The risk's Hessian in the layers is ≲ β·Π_{j≠i}‖W_j‖² + R̂-sized cross terms; with
 * ‖x‖ ≤ 1, init scale ≤ 1 and the layers' norms growing only like (log t)^{1/L}, η = 0.5 never made the risk go up
 * in the runs we tried. Every run counts the steps at which the risk rose, and refuses the run (error: assumption
 * not met) if there was one, since the theorem is about the flow (or GD that tracks it).
 */
export const DEEP_LINEAR_ETA = 0.5;

/** One generated problem: separable data, the architecture and an init. */
export interface DeepLinearSetting {
  ds: PlantedDataset;
  /** [d, hidden…, 1] */
  dims: number[];
  /** the initial net (never modified) */
  init: DeepLinearNet;
  initScale: number;
  initSeed: number;
}

/** Data (n 6..16, d 2..4), depth L ∈ {2, 3}, hidden widths 2..5, Gaussian init N(0, s²/d_i), s ∈ {0.5, 1}. */
export function deepLinearSetting(): fc.Arbitrary<DeepLinearSetting> {
  return fc
    .record({
      ds: separableDataset({ n: [6, 16], d: [2, 4] }),
      depth: fc.integer({ min: 2, max: 3 }),
      widths: fc.array(fc.integer({ min: 2, max: 5 }), { minLength: 2, maxLength: 2 }),
      initScale: fc.constantFrom(0.5, 1),
      initSeed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    })
    .map(({ ds, depth, widths, initScale, initSeed }) => {
      const dims = [ds.d, ...widths.slice(0, depth - 1), 1];
      return { ds, dims, init: randomNet(dims, initScale, initSeed), initScale, initSeed };
    });
}

/** W_i with i.i.d. N(0, s²/d_i) entries (d_i = fan-in), from a seed. */
export function randomNet(dims: number[], scale: number, seed: number): DeepLinearNet {
  const rng = seedRng(seed);
  const W = dims.slice(0, -1).map((fanIn, i) => gaussianFill(rng, new Float64Array(fanIn * dims[i + 1]), scale / Math.sqrt(fanIn)));
  return { dims, W };
}

/** What is recorded at one checkpoint. */
export interface DeepLinearPoint {
  t: number;
  risk: number;
  /** ‖W_i‖_F per layer */
  fro: number[];
  /** ‖W_i‖_2 per layer */
  spec: number[];
  /** σ₂(W_i) per layer (0 for a vector) */
  second: number[];
  /** all weights, flattened (for the stall test) */
  W: Float64Array;
  /** |⟨v_{i+1}, u_i⟩| for i = 1..L−1 (top right singular vector of W_{i+1} against top left of W_i) */
  align: number[];
  /** ‖w/‖w‖ − ū‖ for the product w = W_L⋯W_1 */
  angleGap: number;
  /** ‖w‖ */
  prodNorm: number;
  /** ‖W_{i+1}ᵀW_{i+1} − W_iW_iᵀ‖_F for i = 1..L−1 */
  balance: number[];
}

export interface DeepLinearRun {
  setting: DeepLinearSetting;
  points: DeepLinearPoint[];
  dynamics: 'flow' | 'gd';
  /** GD step (GD runs only) */
  eta: number;
  /** ODE steps (flow) or iterations (GD) */
  steps: number;
  loss: string;
  riskIncreases: number;
  ubar: Float64Array;
  gammaBar: number;
}

/**
 * Options of a run. The claims run the gradient flow (the theorem's setting) in log time; the controls that need
 * a finite limit (square loss, weight decay) run GD, whose iterates then stop moving to rounding.
 */
export interface DeepLinearRunOptions {
  horizon: number;
  dynamics?: 'flow' | 'gd';
  loss?: DeepLoss;
  weightDecay?: number;
  frozen?: number[];
  perDecade?: number;
}

/** ‖BᵀB − AAᵀ‖_F for A (r×c) = W_i and B (q×r) = W_{i+1}: the balance of Du, Hu & Lee (2018), constant under the flow. */
export function balanceMatrix(A: Float64Array, r: number, c: number, B: Float64Array, q: number): Float64Array {
  const D = new Float64Array(r * r);
  for (let a = 0; a < r; a++)
    for (let b = 0; b < r; b++) {
      let s = 0;
      for (let k = 0; k < q; k++) s += B[k * r + a] * B[k * r + b];
      for (let k = 0; k < c; k++) s -= A[a * c + k] * A[b * c + k];
      D[a * r + b] = s;
    }
  return D;
}

/** Runs the flow (or GD) from the setting's init and records the checkpoints. */
export function runDeepLinear(s: DeepLinearSetting, o: DeepLinearRunOptions): DeepLinearRun {
  const { ds } = s;
  const svm = hardMarginSVM(ds.Z, ds.n, ds.d);
  const wn = norm2(svm.w);
  const ubar = svm.w.map((v) => v / wn);
  const dims = s.dims, L = s.init.W.length;
  const points: DeepLinearPoint[] = [];
  const loss: DeepLoss = o.loss ?? { kind: 'margin', loss: logistic };
  const lossName = loss.kind === 'square' ? 'square' : loss.loss.name;
  const record = (t: number, cur: DeepLinearNet, risk: number, flat?: Float64Array) => {
    const svd = cur.W.map((W, i) => singular(W, dims[i + 1], dims[i]));
    const w = deepLinearProduct(cur);
    const pn = norm2(w);
    let gap = 0;
    for (let k = 0; k < w.length; k++) gap += (w[k] / pn - ubar[k]) ** 2;
    const align: number[] = [], balance: number[] = [];
    for (let i = 0; i < L - 1; i++) {
      let dot = 0;
      for (let k = 0; k < dims[i + 1]; k++) dot += svd[i + 1].v[k] * svd[i].u[k];
      align.push(Math.abs(dot));
      balance.push(frobenius(balanceMatrix(cur.W[i], dims[i + 1], dims[i], cur.W[i + 1], dims[i + 2])));
    }
    points.push({ t, risk, fro: cur.W.map(frobenius), spec: svd.map((x) => x.sigmas[0]), second: svd.map((x) => x.sigmas[1] ?? 0), align, angleGap: Math.sqrt(gap), prodNorm: pn, balance, W: flat ?? Float64Array.from(cur.W.flatMap((x) => [...x])) });
  };
  const dynamics = o.dynamics ?? 'flow';
  let riskIncreases = 0, steps = o.horizon;
  if (dynamics === 'flow') {
    if (loss.kind !== 'margin' || o.weightDecay) throw new RangeError('runDeepLinear: the log-time flow is for margin losses without weight decay (stiff otherwise): use GD');
    const outputs = [...geometricCheckpoints(o.horizon, o.perDecade ?? 4)];
    const res = deepLinearFlow(s.init, ds.X, ds.y, ds.n, {
      loss: loss.loss, outputs, frozen: o.frozen,
      onOutput: (t, cur) => record(t, cur, Math.exp(deepLinearLogRisk(cur, ds.X, ds.y, ds.n, loss.loss))),
    });
    steps = res.steps;
  } else {
    const net = cloneNet(s.init);
    const checkpoints = geometricCheckpoints(o.horizon, o.perDecade ?? 8);
    riskIncreases = deepLinearGd(net, ds.X, ds.y, ds.n, {
      loss, eta: DEEP_LINEAR_ETA, steps: o.horizon, checkpoints, weightDecay: o.weightDecay, frozen: o.frozen,
      onCheckpoint: (t, cur, risk) => record(t, cur, risk),
    }).riskIncreases;
    if (riskIncreases > 0 && !o.weightDecay)
      throw new AssumptionError(`deep linear GD: the ${lossName} risk rose at ${riskIncreases} steps with η = ${DEEP_LINEAR_ETA}: the step is too large for GD to track the flow`);
  }
  return { setting: s, points, dynamics, eta: DEEP_LINEAR_ETA, steps, loss: lossName, riskIncreases, ubar, gammaBar: 1 / wn };
}

/** Parameters stopped moving: the largest relative change of any weight over the last decade is below STALL_TOL. */
export const STALL_TOL = 1e-9;
export function stalledRun(run: DeepLinearRun): boolean {
  const last = run.points.at(-1)!;
  const j = run.points.findIndex((p) => p.t >= last.t / 10);
  const a = run.points[j].W, b = last.W;
  let num = 0, den = 0;
  for (let p = 0; p < a.length; p++) { num += (a[p] - b[p]) ** 2; den += b[p] ** 2; }
  return Math.sqrt(num / den) < STALL_TOL;
}

/** The first checkpoint at which R̂ < ℓ(0) = log 2 (Ji–Telgarsky's "initially not a saddle"), or −1. */
export function firstBelowLog2(run: DeepLinearRun): number {
  return run.points.findIndex((p) => p.risk < Math.log(2));
}

/** A property over deep linear GD runs. */
export function deepLinearProperty(ctx: ClaimContext, spec: {
  run?: Omit<DeepLinearRunOptions, 'horizon'>;
  trial(run: DeepLinearRun): TrialResult;
  what: string;
  /** skip data not in general position (fc.pre), as the direction claims of section A do */
  generalPosition?: boolean;
  /**
   * a flow trial the horizon T does not decide (Inconclusive) is run again to the rule's longer horizon before it
   * counts as undecided (RETRY_SQUARE of src/harness/rules.ts: T², cheap in log time; not for the GD runs)
   */
  retry?: RetryRule;
}): Outcome {
  const gd = spec.run?.dynamics === 'gd';
  const horizon = ctx.budget(gd ? DEEP_LINEAR_BUDGET.gdHorizon : DEEP_LINEAR_BUDGET.horizon);
  const out = checkProperty(ctx, {
    arbitrary: deepLinearSetting(),
    numRuns: ctx.budget(DEEP_LINEAR_BUDGET.numRuns),
    describeInput: (s) => ({ ...datasetToJSON(s.ds), dims: s.dims, initScale: s.initScale, initSeed: s.initSeed }),
    trial: (s) => {
      if (spec.generalPosition) fc.pre(notInGeneralPosition(hardMarginSVM(s.ds.Z, s.ds.n, s.ds.d), GENERAL_POSITION_GAP) === null);
      const runTo = (t: number) => spec.trial(runDeepLinear(s, { ...spec.run, horizon: t }));
      if (!spec.retry || gd) return runTo(horizon);
      const { result, horizon: ran } = retryUndecided(spec.retry, horizon, runTo);
      return ran === horizon ? result : { ...result, figures: { ...result.figures, retriedHorizon: ran } };
    },
    decidedBy: gd ? `GD (η = ${DEEP_LINEAR_ETA}) on ${spec.what}, ${horizon.toExponential(0)} iterations` : `gradient flow (DOPRI5, log time) on ${spec.what}, to t = ${horizon.toExponential(0)}${spec.retry ? `; ${retryRuleText(spec.retry, horizon)}` : ''}`,
  });
  return out;
}

/** Indices of the late horizon: checkpoints with t ≥ √T (and after the risk fell below log 2). */
export function lateWindow(run: DeepLinearRun): number[] {
  const T = run.points.at(-1)!.t;
  const start = Math.max(0, firstBelowLog2(run));
  const out: number[] = [];
  run.points.forEach((p, i) => { if (i >= start && p.t >= Math.sqrt(T)) out.push(i); });
  return out;
}

export function describeSetting(run: DeepLinearRun): string {
  const s = run.setting;
  return `n=${s.ds.n}, dims=[${s.dims.join(',')}], init scale ${s.initScale}, seed ${s.initSeed}, ${run.loss} loss`;
}

/** Where the late window starts (√T, after R̂ < log 2); Inconclusive if the flow never left the saddle region. */
export function lateStart(run: DeepLinearRun): number {
  const late = lateWindow(run);
  if (late.length < 3 || firstBelowLog2(run) < 0)
    throw new Inconclusive(`the risk never fell below ℓ(0) = log 2 in time to leave a late window (${describeSetting(run)}): the theorem assumes it does`);
  return late[0];
}
