import { datasetToJSON } from '../data/dataset.js';
import { degenerateDataset, type DegenerateDataset } from '../data/degenerate.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, TrialResult } from '../harness/types.js';
import { logistic } from '../losses/loss.js';
import { fitLine } from '../metrics/fit.js';
import { gradientFlow } from '../optimizers/flow.js';
import { GD_BUDGET } from './gd-claims.js';
import { gdExperiment } from './gd-separable.js';
import { drawInputs, prefetchGdExperiments } from './gd-prefetch.js';
import type { Subject } from '../impl/subject.js';
import { norm2 } from '../linalg/vec.js';

/**
 * The residual on degenerate data, measured on GD (to the profile's horizon) and decided on the gradient flow
 * integrated in log time to t = 1e30 (src/optimizers/flow.ts), because log log t moves by only 0.7 over
 * GD's decades [1e3, 1e6] and by 1.4 more up to 1e30.
 *
 * The law being identified. On the construction of src/data/degenerate.ts (z_0 = γu, z_1 = γu + c v, others
 * far from the margin) write w = a u + b v + …. With the exponential tail, ȧ ≈ γ e^{−γa}(1 + e^{−cb}) and
 * ḃ = c e^{−γa − cb}; the first gives e^{−γa} ≈ 1/(γ²t), and then d(e^{cb})/dt ≈ c²/(γ²t), so
 *     e^{c ρ_v(t)} = κ log t + K + o(log t),   κ = c²/γ̄²,   ρ_v = ⟨ρ(t), v⟩ = b,
 * i.e. ρ_v = (1/c) log(κ log t + K): unbounded, O(log log t). The relative correction to the slope is about
 * e^{−cb} ≈ 1/(κ log t) (the factor (1 + e^{−cb}) above). Measured on the flow: slope/κ = 0.57–0.87 on
 * [1e3, 1e6], 0.81–0.98 on [1e10, 1e20], 0.89–0.99 on [1e20, 1e30], each deviation below 1/(κ log 1e20).
 */
export const FLOW_END = 1e30;
export const FIT_FROM = 1e20;

/** LAW_TOL(κ) = 2/(κ log 1e20): twice the predicted relative correction at the start of the fit window. */
export function lawTolerance(kappa: number): number {
  return 2 / (kappa * Math.log(FIT_FROM));
}

/** What the residual does on one dataset. */
export interface DegenerateResidual {
  kappa: number;
  /** fitted slope of e^{cρ_v} against log t on [1e20, 1e30] (flow), over κ */
  flowSlopeOverKappa: number;
  flowR2: number;
  /** ρ_v on the flow at t = 1e6 and 1e30, and its integration error estimate at 1e30 */
  rhoVFlow6: number;
  rhoVFlow30: number;
  flowError: number;
  /** the same fit on GD's late half [√T, T] */
  gdSlopeOverKappa: number;
  rhoNormGdEnd: number;
  gdT: number;
  t: number[];
  rhoV: number[];
}

/** Measures the residual of GD and of the flow on a (possibly lifted, i.e. non-degenerate) construction. */
export function measureDegenerateResidual(ds: DegenerateDataset, horizon: number, subject?: Subject): DegenerateResidual {
  const { c, margin } = ds.degenerate;
  const kappa = (c * c) / (margin * margin);
  const outputs = Array.from({ length: 31 }, (_, k) => 10 ** k);
  const fl = gradientFlow(ds.Z, ds.n, ds.d, logistic, { tEnd: FLOW_END, outputs });
  const rhoV = fl.w.map((w) => w[1]); // v = e_2 is orthogonal to ŵ = u/γ, so ⟨ρ, v⟩ = w_v
  const lt = fl.t.map(Math.log);
  const idx = fl.t.map((_, i) => i).filter((i) => fl.t[i] >= FIT_FROM);
  const f = fitLine(idx.map((i) => lt[i]), idx.map((i) => Math.exp(c * rhoV[i])));
  const e = gdExperiment(ds, { loss: logistic, horizon, subject });
  const gi = e.trace.t.map((_, i) => i).filter((i) => e.trace.t[i] >= Math.sqrt(horizon));
  const g = fitLine(gi.map((i) => Math.log(e.trace.t[i])), gi.map((i) => Math.exp(c * e.trace.w[i][1])));
  const wEnd = e.trace.w.at(-1)!;
  const lT = Math.log(horizon);
  return {
    kappa,
    flowSlopeOverKappa: f.slope / kappa,
    flowR2: f.r2,
    rhoVFlow6: rhoV[6],
    rhoVFlow30: rhoV[30],
    flowError: fl.errorEstimate[30],
    gdSlopeOverKappa: g.slope / kappa,
    rhoNormGdEnd: norm2(wEnd.map((v, k) => v - e.svm.w[k] * lT)),
    gdT: horizon,
    t: fl.t,
    rhoV,
  };
}

export function residualPlot(m: DegenerateResidual, c: number) {
  return {
    title: 'exp(c·ρ_v(t)) on the flow against the law κ log t',
    xLabel: 'log t',
    yLabel: 'exp(c·ρ_v)',
    series: [
      { name: 'exp(c·ρ_v(t)) (flow)', x: m.t.map(Math.log), y: m.rhoV.map((r) => Math.exp(c * r)) },
      { name: 'κ log t + K (K matched at 1e30)', x: m.t.map(Math.log), y: m.t.map((t) => m.kappa * Math.log(t) + (Math.exp(c * m.rhoV[30]) - m.kappa * Math.log(1e30))), role: 'predicted' as const },
    ],
  };
}

export function figuresOf(m: DegenerateResidual): Record<string, number> {
  return {
    kappa: m.kappa,
    flowSlopeOverKappa: m.flowSlopeOverKappa,
    flowR2: m.flowR2,
    rhoVAt1e6Flow: m.rhoVFlow6,
    rhoVAt1e30Flow: m.rhoVFlow30,
    flowErrorEstimate: m.flowError,
    gdSlopeOverKappa: m.gdSlopeOverKappa,
    rhoNormAtGdHorizon: m.rhoNormGdEnd,
    gdHorizon: m.gdT,
  };
}

/** Runs a degenerate-residual trial over generated constructions (lift > 0: the non-degenerate twin). */
export function degenerateProperty(ctx: ClaimContext, lift: number, trial: (m: DegenerateResidual, ds: DegenerateDataset) => TrialResult): Outcome {
  const horizon = ctx.budget(GD_BUDGET.horizon);
  const arbitrary = degenerateDataset({ lift });
  const numRuns = ctx.budget({ smoke: 2, default: 4, thorough: 12 });
  // an implementation that takes several runs per message gets the property's GD runs at once (gd-prefetch.ts)
  if (ctx.subject.implementation?.runBatchedMany)
    prefetchGdExperiments(drawInputs(ctx, arbitrary, numRuns, undefined, () => true).map((ds) => ({ ds, o: { loss: logistic, horizon, subject: ctx.subject } })));
  const out = checkProperty(ctx, {
    arbitrary,
    numRuns,
    describeInput: (ds) => ({ ...datasetToJSON(ds), c: ds.degenerate.c, gamma: ds.degenerate.margin }),
    trial: (ds) => trial(measureDegenerateResidual(ds, horizon, ctx.subject), ds),
  });
  out.decidedBy = `gradient flow (Dormand–Prince in log time) to t = 1e30, fit on [1e20, 1e30]; GD (logistic, η = 0.9 × bound) to t = ${horizon.toExponential(0)} reported alongside`;
  return out;
}
