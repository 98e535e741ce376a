/**
 * The update rules of the methods the lectures compare, checked step by step on an implementation's own
 * trajectory (claims/update-rules/). Wilson, Roelofs, Stern, Srebro & Recht (2017, Sec. 2) write GD, heavy
 * ball, Nesterov, AdaGrad, RMSProp and Adam as one recursion,
 *
 *   w_{t+1} = w_t − α_t H_t⁻¹ ∇F(w_t + γ_t(w_t − w_{t−1})) + β_t H_t⁻¹ H_{t−1} (w_t − w_{t−1}),   w_{−1} = w_0,
 *
 * with H_t a diagonal built from the gradients seen so far. This module holds that recursion, written apart
 * from src/optimizers (which use the velocity / moment form), and drives it with the implementation's iterates:
 * given w_0 … w_t *as the implementation produced them*, it predicts w_{t+1} and compares. A one-step prediction
 * does not amplify earlier rounding through the dynamics, so the tolerance is a rounding bound per step
 * (ROUNDING_FACTOR) and any deviation above it is a different update rule, at the step where it first shows.
 *
 * Parameters (t = 0, 1, … counts completed steps; ε = 0 as in the recursion above, see HYPER):
 *   gd        α_t = η, β_t = γ_t = 0, H_t = I
 *   heavyBall α_t = η, β_t = β, γ_t = 0, H_t = I                       (Polyak 1964)
 *   nesterov  α_t = η, β_t = γ_t = β, H_t = I                          (Nesterov 1983; Sutskever et al. 2013)
 *   adagrad   α_t = η, β_t = γ_t = 0, H_t = √(G_0 + Σ_{s≤t} g_s²)      (Duchi, Hazan & Singer 2011)
 *   rmsprop   α_t = η, β_t = γ_t = 0, H_t = √v_t, v_t = ρ v_{t−1} + (1 − ρ) g_t², v_{−1} = 0   (Tieleman & Hinton 2012)
 *   adam      α_t = η(1 − β₁)/(1 − β₁^{t+1}), β_t = β₁(1 − β₁^t)/(1 − β₁^{t+1}), γ_t = 0,
 *             H_t = √(v_t/(1 − β₂^{t+1})), v_t = β₂ v_{t−1} + (1 − β₂) g_t²   (Kingma & Ba 2015, Algorithm 1:
 *             the bias-corrected moment m̂_t written through w_t − w_{t−1} = −η m̂_{t−1}/H_{t−1})
 */
import { ClaimViolation } from '../harness/errors.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, TrialResult } from '../harness/types.js';
import { referenceSubject, type Subject } from '../impl/subject.js';
import type { Hyper, OptimizerRole } from '../impl/interface.js';
import { LARGE_GRADIENT_EXAMPLE, describeProblem, gradientNoise, objectiveOf, ruleProblem, smoothness, type RuleProblem } from '../data/rule-problems.js';
import { norm2 } from '../linalg/vec.js';

/** The topic of the update-rule claims; the power table counts the mutants caught without them (src/impl/power.ts). */
export const UPDATE_RULE_TOPIC = 'update rule';

/** The roles whose update rule is checked. */
export const RULE_ROLES = ['gd', 'heavyBall', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const;
export type RuleRole = (typeof RULE_ROLES)[number];

/**
 * Hyperparameters passed to the implementation. ε = 0: the recursion has none, and any ε > 0 enters differently
 * in different libraries (added to √v or inside it), which would be a difference of convention, not of rule.
 * AdaGrad's accumulator starts at G_0 = 0.1 (TensorFlow's default; G_0 > 0 keeps H_t away from 0). Step sizes
 * for GD and the momentum methods are η = ½/β_F with β_F a bound on the smoothness of the problem (smoothness).
 */
export const HYPER: Record<RuleRole, Omit<Hyper, 'eta'> & { eta?: number }> = {
  gd: {},
  heavyBall: { momentum: 0.9 },
  nesterov: { momentum: 0.9 },
  adagrad: { eta: 0.1, eps: 0, initialAccumulator: 0.1 },
  rmsprop: { eta: 0.01, decay: 0.9, eps: 0 },
  adam: { eta: 0.01, beta1: 0.9, beta2: 0.999, eps: 0 },
};

/** Steps checked per problem: enough for momentum to build up and for Adam's bias corrections to matter (1 − β₂^40 = 0.04). */
export const RULE_STEPS = 40;

/** The hyperparameters of a role on a problem: the role's HYPER, with η = ½/β_F where HYPER gives none. */
export function hyperFor(role: RuleRole, p: RuleProblem): Hyper {
  const h = HYPER[role];
  return { ...h, eta: h.eta ?? 0.5 / smoothness(p) } as Hyper;
}

/** The recursion's coefficients at step t for a role: α_t, β_t, γ_t, and how H_t is formed. */
function coefficients(role: RuleRole, h: Hyper, t: number): { alpha: number; beta: number; gamma: number } {
  const eta = h.eta;
  switch (role) {
    case 'gd':
    case 'adagrad':
    case 'rmsprop':
      return { alpha: eta, beta: 0, gamma: 0 };
    case 'heavyBall':
      return { alpha: eta, beta: h.momentum as number, gamma: 0 };
    case 'nesterov':
      return { alpha: eta, beta: h.momentum as number, gamma: h.momentum as number };
    case 'adam': {
      const b1 = h.beta1 as number;
      return { alpha: (eta * (1 - b1)) / (1 - b1 ** (t + 1)), beta: (b1 * (1 - b1 ** t)) / (1 - b1 ** (t + 1)), gamma: 0 };
    }
  }
}

/** One step's comparison: the largest deviation over coordinates, in units of that coordinate's rounding bound. */
export interface StepCheck {
  t: number;
  /** max_j |w_{t+1,j}(impl) − w_{t+1,j}(rule)| / bound_j */
  ratio: number;
  /** the coordinate and the two values where the ratio is largest */
  coordinate: number;
  implementation: number;
  rule: number;
  bound: number;
}

/**
 * Rounding bound of one step, per coordinate: C·u·(|w_t| + |w_{t+1}| + (t + 2)·a_t + α_t N_t/H_t), where a_t =
 * α_t|g_t|/H_t + β_t(H_{t−1}/H_t)|w_t − w_{t−1}| is the size of the step's terms, u the unit roundoff of the
 * implementation's arithmetic (2⁻⁵³, or 2⁻²⁴ for an implementation that declares float32) and C = 16.
 * Why: the final addition w_t + Δ rounds once (|w_{t+1}|); forming Δ takes ≤ 8 operations per coordinate
 * (products, a square root, a division, the bias corrections); a buffer an implementation carries instead of
 * w_t − w_{t−1} (a velocity, a moment, an accumulator) holds the rounding of every earlier step, at most t + 1
 * terms of the size of the step's own, with weights ≤ 1; and H_{t−1}/H_t ≤ √2 for Adam (v_t ≥ β₂ v_{t−1}). A
 * gradient taken at a look-ahead point computed from a velocity rather than from w_t − w_{t−1} differs by
 * β_F·u|w| in the gradient, i.e. ≤ u|w| in the step since η ≤ 1/β_F. 16 covers those counts (each ≤ 8) with a
 * factor 2; N_t is the rounding of the gradient itself (gradientNoise, src/data/rule-problems.ts). Measured ratios are reported as the
 * claims' slack.
 */
export const ROUNDING_FACTOR = 16;

export function unitRoundoff(subject: Subject = referenceSubject): { u: number; precision: 'float64' | 'float32' } {
  const precision = subject.precision;
  return { u: precision === 'float32' ? 2 ** -24 : 2 ** -53, precision };
}

/**
 * Where an implementation may report Nesterov's iterate: 'iterate' is w_t of the recursion above (Sutskever et
 * al. 2013, eqs. 3–4); 'look-ahead' is u_t = w_t + βv_t, the point where the gradient is taken, which is what
 * the reformulation of Bengio, Boulanger-Lewandowski & Pascanu (2013, eq. 7) stores and updates:
 * a_{t+1} = βa_t + ∇F(u_t), u_{t+1} = u_t − η(∇F(u_t) + βa_{t+1}), a_0 = 0 (TensorFlow's and PyTorch's
 * `nesterov=True`). Both are Nesterov's method; u_0 = w_0, and the two sequences differ from the first step on.
 */
export type NesterovForm = 'iterate' | 'look-ahead';

/** The subject's iterates w_0 … w_steps for a role on a problem (default: our reference). */
export function trajectory(role: RuleRole, p: RuleProblem, steps = RULE_STEPS, subject: Subject = referenceSubject): { ws: Float64Array[]; hyper: Hyper } {
  const obj = objectiveOf(p);
  const hyper = hyperFor(role, p);
  const opt = subject.optimizer(role, hyper, [p.X, p.y]);
  const s = opt.init(p.w0, obj);
  const ws: Float64Array[] = [Float64Array.from(p.w0)];
  for (let t = 0; t < steps; t++) {
    opt.update(s, obj);
    ws.push(Float64Array.from(s.w));
  }
  opt.verifyInputs();
  return { ws, hyper };
}

/**
 * Compares each step of a trajectory with the role's rule driven by the trajectory itself: given w_0 … w_t as
 * the implementation produced them, the rule's w_{t+1}, per coordinate, in units of the rounding bound
 * (ROUNDING_FACTOR); u is the unit roundoff of the implementation's precision.
 */
export function checkTrajectory(role: RuleRole, p: RuleProblem, ws: Float64Array[], hyper: Hyper, form: NesterovForm = 'iterate', u = unitRoundoff().u): { checks: StepCheck[]; gradNorm0: number } {
  const obj = objectiveOf(p);
  const d = p.d;
  const g = new Float64Array(d);
  const look = new Float64Array(d);
  const acc = new Float64Array(d).fill(role === 'adagrad' ? (hyper.initialAccumulator as number) : 0);
  let h = new Float64Array(d);
  let hPrev = new Float64Array(d).fill(1);
  const checks: StepCheck[] = [];
  let gradNorm0 = 0;
  const lookAhead = role === 'nesterov' && form === 'look-ahead';
  const noise = new Float64Array(d);
  for (let t = 0; t + 1 < ws.length; t++) {
    const w = ws[t];
    const wPrev = ws[Math.max(0, t - 1)];
    const { alpha, beta, gamma } = coefficients(role, hyper, t);
    for (let j = 0; j < d; j++) look[j] = lookAhead ? w[j] : w[j] + gamma * (w[j] - wPrev[j]);
    obj.valueAndGrad(look, g);
    gradientNoise(p, look, noise);
    if (t === 0) gradNorm0 = norm2(g);
    for (let j = 0; j < d; j++) {
      if (role === 'adagrad') acc[j] += g[j] * g[j];
      else if (role === 'rmsprop') acc[j] = (hyper.decay as number) * acc[j] + (1 - (hyper.decay as number)) * g[j] * g[j];
      else if (role === 'adam') acc[j] = (hyper.beta2 as number) * acc[j] + (1 - (hyper.beta2 as number)) * g[j] * g[j];
      else if (lookAhead) acc[j] = beta * acc[j] + g[j]; // a_{t+1}
      h[j] = role === 'adagrad' || role === 'rmsprop' ? Math.sqrt(acc[j]) : role === 'adam' ? Math.sqrt(acc[j] / (1 - (hyper.beta2 as number) ** (t + 1))) : 1;
    }
    let worst: StepCheck = { t, ratio: 0, coordinate: 0, implementation: ws[t + 1][0], rule: ws[t + 1][0], bound: 0 };
    for (let j = 0; j < d; j++) {
      // a coordinate whose gradient and accumulator are both 0 does not move (0/0 taken as 0, as the reference does)
      const gradTerm = h[j] === 0 ? 0 : (alpha * g[j]) / h[j];
      const momTerm = lookAhead ? -alpha * beta * acc[j] : h[j] === 0 ? 0 : beta * (hPrev[j] / h[j]) * (w[j] - wPrev[j]);
      const rule = w[j] - gradTerm + momTerm;
      const got = ws[t + 1][j];
      const noiseTerm = h[j] === 0 ? 0 : (alpha * noise[j]) / h[j];
      const bound = ROUNDING_FACTOR * u * (Math.abs(w[j]) + Math.abs(rule) + (t + 2) * (Math.abs(gradTerm) + Math.abs(momTerm)) + noiseTerm) + Number.MIN_VALUE;
      const ratio = Math.abs(got - rule) / bound;
      if (!(ratio <= worst.ratio)) worst = { t, ratio: Number.isNaN(ratio) ? Infinity : ratio, coordinate: j, implementation: got, rule, bound };
    }
    checks.push(worst);
    [hPrev, h] = [h, hPrev];
  }
  return { checks, gradNorm0 };
}

/**
 * Runs the role's implementation for RULE_STEPS steps from w_0 and checks every step (for Nesterov, against
 * the iterate form and, if that fails, the look-ahead form; the form that holds is reported).
 */
export function checkSteps(role: RuleRole, p: RuleProblem, steps = RULE_STEPS, subject: Subject = referenceSubject): { checks: StepCheck[]; gradNorm0: number; hyper: Hyper; u: number; precision: string; form?: NesterovForm } {
  const { ws, hyper } = trajectory(role, p, steps, subject);
  const run = { hyper, ...unitRoundoff(subject) };
  const check = (form: NesterovForm) => ({ ...checkTrajectory(role, p, ws, hyper, form, run.u), ...run, ...(role === 'nesterov' ? { form } : {}) });
  const holds = (r: { checks: StepCheck[] }) => r.checks.every((c) => c.ratio <= 1);
  const first = check('iterate');
  if (role !== 'nesterov' || holds(first)) return first;
  const second = check('look-ahead');
  if (holds(second)) return second;
  // neither form: report the one that holds longer
  const held = (cs: StepCheck[]) => cs.findIndex((c) => !(c.ratio <= 1));
  return held(second.checks) > held(first.checks) ? second : first;
}

/**
 * The verdict of a trajectory's step checks: the figures, the slack (1 − the worst ratio) and the plot of the
 * ratio per step; "violated" at the first step outside its bound, described by `describe`. Shared by the
 * update-rule claims of both modules (this one and update-rules-classification.ts).
 */
export function stepChecksVerdict<C extends { t: number; ratio: number }>(checks: C[], o: { title: string; figures: Record<string, number>; describe: (first: C) => string }): TrialResult {
  const first = checks.find((c) => !(c.ratio <= 1));
  const worst = checks.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const figures = { ...o.figures, steps: checks.length, worstRatio: worst.ratio, worstStep: worst.t };
  const plot = {
    title: o.title,
    xLabel: 't',
    yLabel: 'deviation / bound',
    yLog: true,
    series: [
      { name: 'worst coordinate', x: checks.map((c) => c.t), y: checks.map((c) => Math.max(c.ratio, 1e-6)) },
      { name: 'bound', x: [0, checks.length - 1], y: [1, 1], role: 'bound' as const },
    ],
  };
  if (first) throw new ClaimViolation(o.describe(first), { ...figures, firstStep: first.t, firstRatio: first.ratio }, plot);
  return { figures, slack: 1 - worst.ratio, plot };
}

/** The trial of an update-rule claim: every step within its rounding bound, else "violated" at the first step outside. */
export function updateRuleTrial(role: RuleRole, subject: Subject = referenceSubject) {
  return (p: RuleProblem): TrialResult => {
    const { checks, hyper, u, precision, gradNorm0, form } = checkSteps(role, p, RULE_STEPS, subject);
    // figures are numbers: the problem kind, the precision and Nesterov's form are in the plot title and the message
    return stepChecksVerdict(checks, {
      title: `${role}${form ? ` (${form} form)` : ''}: |w_{t+1}(implementation) − w_{t+1}(rule)| / ${precision} rounding bound [${p.kind}, n=${p.n}, d=${p.d}]`,
      figures: { n: p.n, d: p.d, eta: hyper.eta, unitRoundoff: u, ...(form ? { lookAheadForm: form === 'look-ahead' ? 1 : 0 } : {}), gradNorm0 },
      describe: (first) =>
        `step t=${first.t}→${first.t + 1}, coordinate ${first.coordinate}: the implementation gives ${first.implementation}, the ${role} rule${form ? ` (${form} form, the closer of the two)` : ''} ${first.rule} ` +
        `(deviation ${Math.abs(first.implementation - first.rule).toExponential(3)}, ${first.ratio.toPrecision(3)}× the ${precision} rounding bound ${first.bound.toExponential(3)}); hyperparameters ${JSON.stringify(hyper)}`,
    });
  };
}

/** Problems per update-rule claim. */
export const RULE_NUM_RUNS = { smoke: 12, default: 60, thorough: 300 };

/** The property of an update-rule claim: RULE_STEPS steps of the subject's optimizer on each of the profile's problems, every step within its bound. */
export function updateRuleProperty(ctx: ClaimContext, role: RuleRole): Outcome {
  return checkProperty(ctx, {
    arbitrary: ruleProblem(),
    numRuns: ctx.budget(RULE_NUM_RUNS),
    trial: updateRuleTrial(role, ctx.subject),
    describeInput: describeProblem,
    examples: [LARGE_GRADIENT_EXAMPLE],
    decidedBy: `${RULE_STEPS} steps per problem, each compared with the rule driven by the implementation's own iterates`,
  });
}
