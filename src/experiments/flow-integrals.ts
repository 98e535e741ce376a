/**
 * The gradient flow of the exponential loss with the integrals its proofs use (path length, ∫‖∇L‖²/L, energy)
 * integrated alongside the state, the skew-perturbed flow of the controls, and the constant of the smoothed-margin
 * sandwich (section C of CLAIMS.md; flow-claims.ts holds the plain flow and its tolerances).
 */
import { datasetToJSON } from '../data/dataset.js';
import { separableDataset, type PlantedDataset, type SeparableOptions } from '../data/separable.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, TrialResult } from '../harness/types.js';
import { exponential } from '../losses/loss.js';
import { dopri5 } from '../optimizers/dopri5.js';
import { flowVelocity, logRiskOf } from '../optimizers/flow.js';
import { FLOW_BUDGET, FLOW_DATA, FLOW_T_MAX, FLOW_T_MIN, REL_ROUND, X_STAR, flowCheckpoints, flowReference, zMaxOf } from './flow-claims.js';
import { norm2 } from '../linalg/vec.js';

/**
 * C = log n · sup_{t ≥ t₂} log t / D(t), D(t) = log c − 2 log(1 + log c), c = 2tnγ̄², for a start t₂ with log c(t₂) ≥ 2x*
 * and t₂ ≥ e (then D ≥ 1.43 and log t ≥ 1). In x = log c the ratio is (x − a)/(x − 2 log(1 + x)), a = log 2nγ̄²,
 * continuous and tending to 1; its sup is taken on a grid of step 1e-2 over [x₂, x₂ + 300] (t up to e^{300} ≫ 1e30),
 * and the tail beyond is bounded by 1 + 2(2 log(1 + x) + |a|)/x (there D ≥ x/2). A grid can only under-estimate a sup,
 * which makes a check against γ̄ − C/log t stricter, never more lenient.
 */
export function sandwichConstant(n: number, gamma: number, t2: number): number {
  const a = Math.log(2 * n * gamma * gamma), x2 = Math.log(2 * n * t2 * gamma * gamma);
  if (!(x2 >= 2 * X_STAR - 1e-12 && t2 >= Math.E - 1e-12)) throw new RangeError(`sandwichConstant: start t₂=${t2} is outside the range where C is finite`);
  let sup = 0;
  for (let k = 0; k <= 30_000; k++) { const x = x2 + k * 1e-2; sup = Math.max(sup, (x - a) / (x - 2 * Math.log1p(x))); }
  const xe = x2 + 300;
  sup = Math.max(sup, 1 + (2 * (2 * Math.log1p(xe) + Math.abs(a))) / xe);
  return Math.log(n) * sup;
}

// ---------------------------------------------------------------------------------------------------------------
// The flow with the integrals its proofs use (Theorem 10.1's proof sketch), and a perturbed flow for the control.

/** The flow with u(t) = −log L(w(t)) and the integrals of the proof, each with an error bar. */
export interface FlowWithIntegrals {
  ds: PlantedDataset;
  gamma: number;
  dynamics: string;
  t: number[];
  w: Float64Array[];
  norm: number[];
  logRisk: number[];
  /** ‖ẇ(t)‖ / L(w(t)), from the velocity field at w(t) (normalized, so it survives L underflow) */
  speedOverRisk: number[];
  /** P(t) = ∫₀ᵗ ‖ẇ‖ ds (path length) */
  pathLength: number[];
  /** Q(t) = ∫₀ᵗ ‖ẇ‖²/L ds */
  energyOverRisk: number[];
  /** R(t) = ∫₀ᵗ L ds */
  riskIntegral: number[];
  errW: number[];
  errLogRisk: number[];
  errP: number[];
  errQ: number[];
  errR: number[];
  steps: number;
}

/** (I + sS)v in place, S the rotation by +90° of the first two coordinates (⟨v, Sv⟩ = 0): a skew perturbation. */
function skewInPlace(v: Float64Array, s: number): void {
  if (s === 0 || v.length < 2) return;
  const a = v[0], b = v[1];
  v[0] = a - s * b;
  v[1] = b + s * a;
}

interface AugmentedRun { y: Float64Array[]; localErrorSum: number[]; steps: number }

/**
 * Integrates y = [w, P, Q, R] with dw/dt = (I + sS)(−∇L(w)), dP/dt = ‖ẇ‖, dQ/dt = ‖ẇ‖²/L, dR/dt = L: plain time on
 * [0, 1], then log time σ = log t, where dw/dσ = t·ẇ, dP/dσ = ‖dw/dσ‖, dQ/dσ = ‖dw/dσ‖²·e^{−σ − log L}, dR/dσ = e^{σ + log L}
 * (the same change of variable as src/optimizers/flow.ts, products formed in log space).
 */
function integrateAugmented(Z: Float64Array, n: number, d: number, skew: number, t: number[], rtol: number, atol: number): AugmentedRun {
  const v = new Float64Array(d);
  const rhs = (logScale: (time: number) => number) => (time: number, y: Float64Array, out: Float64Array) => {
    const w = y.subarray(0, d);
    const ls = logScale(time);
    flowVelocity(Z, n, d, exponential, w, ls, v);
    skewInPlace(v, skew);
    let sp2 = 0;
    for (let k = 0; k < d; k++) { out[k] = v[k]; sp2 += v[k] * v[k]; }
    const logL = logRiskOf(Z, n, d, exponential, w);
    out[d] = Math.sqrt(sp2);
    out[d + 1] = sp2 * Math.exp(-ls - logL);
    out[d + 2] = Math.exp(ls + logL);
  };
  const early = t.filter((x) => x <= 1), late = t.filter((x) => x > 1);
  const tol = { rtol, atol };
  const plain = dopri5(rhs(() => 0), 0, new Float64Array(d + 3), [...early, 1], tol);
  const out: AugmentedRun = { y: plain.y.slice(0, early.length), localErrorSum: plain.localErrorSum.slice(0, early.length), steps: plain.steps };
  if (late.length) {
    const last = plain.y.length - 1;
    const lt = dopri5(rhs((sigma) => sigma), 0, plain.y[last], late.map(Math.log), tol);
    out.y.push(...lt.y);
    out.localErrorSum.push(...lt.localErrorSum.map((e) => e + plain.localErrorSum[last]));
    out.steps += lt.steps;
  }
  return out;
}

/**
 * The exponential-loss flow from w(0) = 0 with the integrals of Theorem 10.1's proof, at the checkpoints; `skew` ≠ 0
 * replaces the gradient by (I + skew·S)∇L (a perturbed gradient that still decreases L: the control). Error bars as
 * in src/optimizers/flow.ts: the larger of the difference to a run at 100× the tolerances and the sum of the
 * embedded local error estimates, plus rounding.
 */
export function flowWithIntegrals(ds: PlantedDataset, perDecade: number, skew = 0): FlowWithIntegrals {
  const svm = flowReference(ds);
  const { Z, n, d } = ds;
  const t = flowCheckpoints(n, svm.gamma, perDecade);
  const fine = integrateAugmented(Z, n, d, skew, t, 1e-10, 1e-12);
  const coarse = integrateAugmented(Z, n, d, skew, t, 1e-8, 1e-10);
  const zMax = zMaxOf(Z, n, d);
  const res: FlowWithIntegrals = {
    ds, gamma: svm.gamma, t, steps: fine.steps,
    dynamics: skew ? `perturbed flow ẇ = −(I + ${skew}S)∇L (S a quarter turn in the first two coordinates)` : 'gradient flow of the exponential loss with its integrals (DOPRI5, rtol 1e-10), w(0) = 0',
    w: [], norm: [], logRisk: [], speedOverRisk: [], pathLength: [], energyOverRisk: [], riskIntegral: [],
    errW: [], errLogRisk: [], errP: [], errQ: [], errR: [],
  };
  const v = new Float64Array(d);
  t.forEach((_, j) => {
    const y = fine.y[j], yc = coarse.y[j];
    const w = y.slice(0, d);
    let dw = 0;
    for (let k = 0; k < d; k++) dw += (y[k] - yc[k]) ** 2;
    const r = norm2(w);
    const local = fine.localErrorSum[j];
    const round = (x: number) => Number.EPSILON * (fine.steps + 1) * Math.abs(x);
    const eW = Math.max(Math.sqrt(dw), local) + round(r);
    const logL = logRiskOf(Z, n, d, exponential, w);
    flowVelocity(Z, n, d, exponential, w, -logL, v); // −∇L/L
    skewInPlace(v, skew);
    res.w.push(w);
    res.norm.push(r);
    res.logRisk.push(logL);
    res.speedOverRisk.push(norm2(v));
    res.pathLength.push(y[d]);
    res.energyOverRisk.push(y[d + 1]);
    res.riskIntegral.push(y[d + 2]);
    res.errW.push(eW);
    res.errLogRisk.push(zMax * eW + REL_ROUND * (Math.abs(logL) + 1));
    res.errP.push(Math.max(Math.abs(y[d] - yc[d]), local) + round(y[d]));
    res.errQ.push(Math.max(Math.abs(y[d + 1] - yc[d + 1]), local) + round(y[d + 1]));
    res.errR.push(Math.max(Math.abs(y[d + 2] - yc[d + 2]), local) + round(y[d + 2]));
  });
  return res;
}

/** A property of the flow with its integrals over generated separable data (skew = 0: the claim; ≠ 0: a control). */
export function flowIntegralsProperty(ctx: ClaimContext, spec: { skew: number; data?: SeparableOptions; trial(run: FlowWithIntegrals): TrialResult }): Outcome {
  const perDecade = ctx.budget(FLOW_BUDGET.perDecade);
  let decidedBy = '';
  const out = checkProperty(ctx, {
    arbitrary: separableDataset(spec.data ?? FLOW_DATA),
    numRuns: ctx.budget(FLOW_BUDGET.numRuns),
    describeInput: (ds) => datasetToJSON(ds),
    trial(ds) {
      const run = flowWithIntegrals(ds, perDecade, spec.skew);
      decidedBy = `${run.dynamics}, ${run.t.length} checkpoints from t = ${FLOW_T_MIN} to ${FLOW_T_MAX.toExponential(0)}`;
      return spec.trial(run);
    },
  });
  out.decidedBy = decidedBy;
  return out;
}
