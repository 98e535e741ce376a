/**
 * The update rules of the five classification roles, checked step by step on an implementation's own trajectory
 * like the six methods of update-rules.ts (claims/update-rules/): given w_t as the implementation produced it,
 * the rule's w_{t+1} is computed here — written apart from src/optimizers — and compared per coordinate with a
 * rounding bound of one step, C·u·(size of the step's terms), C = ROUNDING_FACTOR = 16, u the unit roundoff.
 *
 *   perceptron         i = t mod n;  w_{t+1} = w_t + η z_i if ⟨w_t, z_i⟩ ≤ 0, else w_t   (Rosenblatt 1958; cyclic
 *                      order as in Novikoff 1962; from w_0 = 0)
 *   adaboost           u = M a_t, D ∝ exp(−u), γ_j = Σ_i D_i M_ij, j_t ∈ argmax_j |γ_j|, a_{t+1} = a_t + atanh(γ_{j_t}) e_{j_t}
 *                      (Freund & Schapire 1997; α_t = ½ ln((1 + γ)/(1 − γ)) is the exact line search of greedy
 *                      coordinate descent on Σ_i exp(−⟨a, M_i⟩) for ±1 entries: Rudin, Daubechies & Schapire 2004,
 *                      Telgarsky 2013); from a_0 = 0
 *   coordinateDescent  g = ∇F(w_t), k ∈ argmax_j |g_j|, w_{t+1} = w_t − η_t g_k e_k  (Gauss–Southwell, fixed step;
 *                      steepest descent for ‖·‖₁, Gunasekar et al. 2018)
 *   signDescent        w_{t+1} = w_t − η_t ‖g‖₁ sign(g)  (steepest descent for ‖·‖∞, as src/optimizers/sign-descent.ts
 *                      defines the role's default 'dual-norm' scale; Gunasekar et al. 2018)
 *   normalizedGd       w_{t+1} = w_t − η_t ∇F(w_t)/F(w_t)  (Nacson et al. 2019)
 *
 * with η_t = η/(t+1)^p, p = `decayPower`. Where the rule is ambiguous at rounding level — a tie for the argmax, a
 * margin or a gradient coordinate within rounding of 0 — every reading is a candidate and the step passes if one
 * of them is within its bound (so an implementation is not refuted by an order of summation).
 */
import fc from 'fast-check';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, TrialResult } from '../harness/types.js';
import type { Hyper } from '../impl/interface.js';
import type { Subject } from '../impl/subject.js';
import { exponential } from '../losses/loss.js';
import { marginObjective } from '../optimizers/objectives.js';
import type { Objective } from '../optimizers/types.js';
import { describeProblem, gradientNoise, objectiveOf, ruleProblem, smoothness, type RuleProblem } from '../data/rule-problems.js';
import { ROUNDING_FACTOR, RULE_NUM_RUNS, stepChecksVerdict, unitRoundoff } from './update-rules.js';

export const CLASSIFICATION_RULE_ROLES = ['perceptron', 'adaboost', 'coordinateDescent', 'signDescent', 'normalizedGd'] as const;
export type ClassificationRole = (typeof CLASSIFICATION_RULE_ROLES)[number];

/** Steps checked per problem: several passes of the perceptron over n ≤ 6 examples; 20 boosting rounds. */
export const CLASSIFICATION_RULE_STEPS: Record<ClassificationRole, number> = { perceptron: 40, adaboost: 20, coordinateDescent: 40, signDescent: 40, normalizedGd: 40 };

/**
 * The problem a role runs on. The perceptron and normalized GD act on margin data: the problem's X as z_i (the
 * logistic risk for normalized GD); AdaBoost on the ±1 matrix sign(X) (entries of X are never 0), redrawn when a
 * column is constant (a perfect weak learner, |γ| = 1, α = ∞); coordinate and sign descent on the problem as
 * drawn (least squares or the logistic risk). Starts: 0 for the perceptron and AdaBoost (the algorithms' own), the
 * drawn w_0 otherwise.
 */
function problemFor(role: ClassificationRole, p: RuleProblem): RuleProblem {
  if (role === 'normalizedGd') return { ...p, kind: 'logistic' };
  if (role === 'perceptron') return { ...p, kind: 'logistic', w0: new Float64Array(p.d) };
  if (role === 'adaboost') return { ...p, kind: 'logistic', X: p.X.map(Math.sign), w0: new Float64Array(p.d) };
  return p;
}

function constantColumn(p: RuleProblem): boolean {
  for (let j = 0; j < p.d; j++) {
    let pos = 0;
    for (let i = 0; i < p.n; i++) if (p.X[i * p.d + j] > 0) pos++;
    if (pos === 0 || pos === p.n) return true;
  }
  return false;
}

/**
 * Hyperparameters: η = ½/β_F for coordinate descent and normalized GD (β_F ≥ the smoothness, ≥ every coordinate's),
 * ½/(β_F d) for sign descent (its step is √d times longer in l2); p = ¼ on the logistic risk (the form the geometry
 * claims run) and 0 on least squares; the perceptron's η = ½ (any η > 0: the rule must scale by it).
 */
export function classificationHyper(role: ClassificationRole, p: RuleProblem): Hyper {
  const beta = smoothness(p);
  const decayPower = p.kind === 'logistic' ? 0.25 : 0;
  switch (role) {
    case 'perceptron':
      return { eta: 0.5 };
    case 'adaboost':
      return { eta: 1 };
    case 'coordinateDescent':
      return { eta: 0.5 / beta, lineSearch: 'fixed', decayPower };
    case 'signDescent':
      return { eta: 0.5 / (beta * p.d), decayPower };
    case 'normalizedGd':
      return { eta: 0.5 / beta, decayPower: 0.25 };
  }
}

function objectiveFor(role: ClassificationRole, p: RuleProblem): Objective {
  return role === 'adaboost' ? marginObjective({ Z: p.X, n: p.n, d: p.d }, exponential) : objectiveOf(p);
}

/** A reading of the rule at one step: the predicted w_{t+1} and its per-coordinate rounding bound. */
interface Candidate {
  rule: Float64Array;
  bound: Float64Array;
}

const abs = Math.abs;

/** The candidates of the role's rule at step t from w_t (u: unit roundoff). */
function candidates(role: ClassificationRole, p: RuleProblem, obj: Objective, h: Hyper, t: number, w: Float64Array, u: number): Candidate[] {
  const { n, d, X } = p;
  const C = ROUNDING_FACTOR * u;
  const base = (): Candidate => ({ rule: Float64Array.from(w), bound: new Float64Array(d).map((_, j) => C * abs(w[j]) + Number.MIN_VALUE) });
  const eta = h.eta / Math.pow(t + 1, typeof h.decayPower === 'number' ? h.decayPower : 0);
  if (role === 'perceptron') {
    const i = t % n;
    let dot = 0;
    let size = 0;
    for (let k = 0; k < d; k++) (dot += w[k] * X[i * d + k]), (size += abs(w[k] * X[i * d + k]));
    const update = base();
    for (let k = 0; k < d; k++) {
      update.rule[k] += eta * X[i * d + k];
      update.bound[k] += C * (abs(update.rule[k]) + eta * abs(X[i * d + k]));
    }
    if (abs(dot) < C * size) return [update, base()]; // ⟨w, z_i⟩ within rounding of 0: either reading
    return [dot <= 0 ? update : base()];
  }
  if (role === 'adaboost') {
    const m = d;
    const margins = new Float64Array(n);
    let l1 = 0;
    for (let j = 0; j < m; j++) l1 += abs(w[j]);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) margins[i] += w[j] * X[i * m + j];
    const lo = Math.min(...margins);
    const D = margins.map((v) => Math.exp(lo - v));
    const z = D.reduce((a, b) => a + b, 0);
    const edges = new Float64Array(m);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) edges[j] += (D[i] / z) * X[i * m + j];
    // D from margins an implementation may carry incrementally (t roundings of ≤ ‖a‖₁ each) and sums of n terms
    const eGamma = C * (n + (t + m) * l1);
    const top = Math.max(...edges.map(abs));
    return [...edges.keys()].filter((j) => abs(edges[j]) >= top - 2 * eGamma).map((j) => {
      const c = base();
      const alpha = Math.atanh(edges[j]);
      c.rule[j] += alpha;
      c.bound[j] += C * abs(c.rule[j]) + eGamma / (1 - edges[j] ** 2) + C * abs(alpha);
      return c;
    });
  }
  const g = new Float64Array(d);
  const noise = new Float64Array(d);
  const f = obj.valueAndGrad(w, g);
  gradientNoise(p, w, noise);
  for (let k = 0; k < d; k++) noise[k] *= C;
  if (role === 'coordinateDescent') {
    const top = Math.max(...g.map(abs));
    const tie = 2 * Math.max(...noise);
    return [...g.keys()].filter((k) => abs(g[k]) >= top - tie).map((k) => {
      const c = base();
      c.rule[k] -= eta * g[k];
      c.bound[k] += C * (abs(c.rule[k]) + 2 * abs(eta * g[k])) + eta * noise[k];
      return c;
    });
  }
  if (role === 'signDescent') {
    let l1 = 0;
    let noiseSum = 0;
    for (let k = 0; k < d; k++) (l1 += abs(g[k])), (noiseSum += noise[k]);
    const step = eta * l1;
    const c = base();
    for (let k = 0; k < d; k++) {
      c.rule[k] -= step * Math.sign(g[k]);
      c.bound[k] += C * (abs(c.rule[k]) + (d + 2) * step) + eta * noiseSum;
      if (abs(g[k]) <= noise[k]) c.bound[k] += step; // the sign of a gradient coordinate at rounding level: any
    }
    return [c];
  }
  // normalizedGd: the quotient ∇F/F, however the implementation forms it (directly or in the log domain)
  const c = base();
  for (let k = 0; k < d; k++) {
    const s = (eta * g[k]) / f;
    c.rule[k] -= s;
    c.bound[k] += C * (abs(c.rule[k]) + (n + d + 2) * abs(s)) + (eta * noise[k]) / f;
  }
  return [c];
}

/** One step's comparison: the largest deviation over coordinates, in units of the bound, for the closest reading. */
export interface ClassificationStepCheck {
  t: number;
  ratio: number;
  coordinate: number;
  implementation: number;
  rule: number;
}

/** The subject's trajectory for a role on a problem, each step compared with the rule (inputs verified at the end). */
export function checkClassificationSteps(role: ClassificationRole, raw: RuleProblem, subject: Subject): { checks: ClassificationStepCheck[]; hyper: Hyper; u: number; precision: string; p: RuleProblem } {
  const p = problemFor(role, raw);
  const obj = objectiveFor(role, p);
  const hyper = classificationHyper(role, p);
  const { u, precision } = unitRoundoff(subject);
  const opt = subject.optimizer(role, hyper, [p.X]);
  const s = opt.init(p.w0, obj);
  const checks: ClassificationStepCheck[] = [];
  for (let t = 0; t < CLASSIFICATION_RULE_STEPS[role]; t++) {
    const w = Float64Array.from(s.w);
    opt.update(s, obj);
    let best: ClassificationStepCheck | null = null;
    for (const c of candidates(role, p, obj, hyper, t, w, u)) {
      let worst: ClassificationStepCheck = { t, ratio: 0, coordinate: 0, implementation: s.w[0], rule: c.rule[0] };
      for (let j = 0; j < p.d; j++) {
        const r = abs(s.w[j] - c.rule[j]) / c.bound[j];
        if (!(r <= worst.ratio)) worst = { t, ratio: Number.isNaN(r) ? Infinity : r, coordinate: j, implementation: s.w[j], rule: c.rule[j] };
      }
      if (!best || worst.ratio < best.ratio) best = worst;
    }
    checks.push(best!);
  }
  opt.verifyInputs();
  return { checks, hyper, u, precision, p };
}

/** The trial of a classification update-rule claim: every step within its bound, else "violated" at the first step outside. */
export function classificationRuleTrial(role: ClassificationRole, subject: Subject) {
  return (raw: RuleProblem): TrialResult => {
    if (role === 'adaboost') fc.pre(!constantColumn(problemFor(role, raw)));
    const { checks, hyper, u, precision, p } = checkClassificationSteps(role, raw, subject);
    return stepChecksVerdict(checks, {
      title: `${role}: |w_{t+1}(implementation) − w_{t+1}(rule)| / ${precision} rounding bound [${role === 'adaboost' ? 'sign(X)' : p.kind}, n=${p.n}, d=${p.d}]`,
      figures: { n: p.n, d: p.d, eta: hyper.eta, unitRoundoff: u },
      describe: (first) =>
        `step t=${first.t}→${first.t + 1}, coordinate ${first.coordinate}: the implementation gives ${first.implementation}, the ${role} rule ${first.rule} ` +
        `(${first.ratio.toPrecision(3)}× the ${precision} rounding bound); hyperparameters ${JSON.stringify(hyper)}`,
    });
  };
}


/** The property of a classification update-rule claim over the profile's problems. */
export function classificationRuleProperty(ctx: ClaimContext, role: ClassificationRole): Outcome {
  return checkProperty(ctx, {
    arbitrary: ruleProblem(),
    numRuns: ctx.budget(RULE_NUM_RUNS),
    trial: classificationRuleTrial(role, ctx.subject),
    describeInput: describeProblem,
    decidedBy: `${CLASSIFICATION_RULE_STEPS[role]} steps per problem, each compared with the rule from the implementation's own w_t`,
  });
}
