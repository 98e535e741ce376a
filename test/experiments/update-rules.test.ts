import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULE_ROLES, RULE_STEPS, checkSteps, checkTrajectory, trajectory, type RuleRole } from '../../src/experiments/update-rules.js';
import { LARGE_GRADIENT_EXAMPLE, ruleProblem, smoothness } from '../../src/data/rule-problems.js';
import { MUTANTS } from '../../src/impl/mutants.js';
import { referenceSubject, subjectOf, type Subject } from '../../src/impl/subject.js';
import { tfjsImplementation } from '../../src/impl/tfjs.js';
import { leastSquaresObjective } from '../../src/optimizers/objectives.js';

const problems = [LARGE_GRADIENT_EXAMPLE, ...fc.sample(ruleProblem(), { numRuns: 40, seed: 3 })];
const worstRatio = (role: RuleRole, s: Subject = referenceSubject) => Math.max(...problems.flatMap((p) => checkSteps(role, p, RULE_STEPS, s).checks.map((c) => c.ratio)));
const caughtOn = (role: RuleRole, s: Subject) => problems.filter((p) => checkSteps(role, p, RULE_STEPS, s).checks.some((c) => !(c.ratio <= 1))).length;

describe('update rules, step by step (claims/update-rules/)', () => {
  it('the problems exercise large and small gradients: ‖∇F(w_0)‖ from < 1 to > 5 over the sample', () => {
    const norms = problems.map((p) => checkSteps('gd', p).gradNorm0);
    expect(Math.min(...norms)).toBeLessThan(1);
    expect(Math.max(...norms)).toBeGreaterThan(5);
    expect(checkSteps('gd', LARGE_GRADIENT_EXAMPLE).gradNorm0).toBeGreaterThan(5);
  });

  it('smoothness is an upper bound: ‖∇F(a) − ∇F(b)‖ ≤ β_F‖a − b‖ on random pairs (least squares)', () => {
    const p = LARGE_GRADIENT_EXAMPLE;
    const obj = leastSquaresObjective(p.X, p.y);
    const ga = new Float64Array(2);
    const gb = new Float64Array(2);
    for (const [a, b] of [[[0, 0], [1, 0]], [[0, 0], [0, 1]], [[1, -1], [-1, 1]], [[3, 2], [2.5, 2.2]]]) {
      obj.valueAndGrad(Float64Array.from(a), ga);
      obj.valueAndGrad(Float64Array.from(b), gb);
      expect(Math.hypot(ga[0] - gb[0], ga[1] - gb[1])).toBeLessThanOrEqual(smoothness(p) * Math.hypot(a[0] - b[0], a[1] - b[1]) * (1 + 1e-12));
    }
  });

  for (const role of RULE_ROLES)
    it(`the reference ${role} keeps every step within 0.2 of its float64 rounding bound (41 problems × 40 steps)`, () => {
      expect(worstRatio(role)).toBeLessThan(0.2);
    });

  it('the TensorFlow.js optimizers, declared float32, keep every step within 0.2 of the float32 bound; tfjs Nesterov holds in the look-ahead form', () => {
    const tf = subjectOf(tfjsImplementation());
    for (const role of RULE_ROLES) expect(worstRatio(role, tf), role).toBeLessThan(0.2);
    expect(checkSteps('nesterov', LARGE_GRADIENT_EXAMPLE, RULE_STEPS, tf).form).toBe('look-ahead');
    expect(checkSteps('nesterov', LARGE_GRADIENT_EXAMPLE).form).toBe('iterate');
  });

  it('the two Nesterov forms are different sequences: the reference fails the look-ahead form, tfjs the iterate form', () => {
    const ref = trajectory('nesterov', LARGE_GRADIENT_EXAMPLE);
    expect(checkTrajectory('nesterov', LARGE_GRADIENT_EXAMPLE, ref.ws, ref.hyper, 'look-ahead').checks.some((c) => c.ratio > 1e6)).toBe(true);
    const tf = trajectory('nesterov', LARGE_GRADIENT_EXAMPLE, RULE_STEPS, subjectOf(tfjsImplementation('nesterov')));
    expect(checkTrajectory('nesterov', LARGE_GRADIENT_EXAMPLE, tf.ws, tf.hyper, 'iterate').checks.some((c) => c.ratio > 1e3)).toBe(true);
  });

  for (const m of MUTANTS.filter((x) => (RULE_ROLES as readonly string[]).includes(x.role)))
    it(`the mutant ${m.key} leaves its rule on the large-gradient example and on most random problems`, () => {
      const s = subjectOf(m);
      const first = checkSteps(m.role as RuleRole, LARGE_GRADIENT_EXAMPLE, RULE_STEPS, s).checks.find((c) => !(c.ratio <= 1));
      expect(first, `${m.key}: no step outside the bound`).toBeDefined();
      // clipping only acts where ‖∇F‖ > 1; every other bug shows on every problem
      expect(caughtOn(m.role as RuleRole, s)).toBeGreaterThanOrEqual(m.key === 'gd-gradient-clipping' ? problems.length / 2 : problems.length);
    });

  it('the declared precision sets the bound: the float32-iterate mutant is outside the float64 bound by > 1e4 and within the float32 one', () => {
    const f32 = MUTANTS.find((m) => m.key === 'gd-float32-iterate')!;
    const worst = (impl: typeof f32) => Math.max(...checkSteps('gd', LARGE_GRADIENT_EXAMPLE, RULE_STEPS, subjectOf(impl)).checks.map((c) => c.ratio));
    expect(worst(f32)).toBeGreaterThan(1e4);
    expect(worst({ ...f32, precision: 'float32' })).toBeLessThan(1);
  });

  it('an implementation that ignores ε = 0 (adds its own 1e-8 to √v) is outside the float64 bound, and the message names the step and the hyperparameters', async () => {
    const { adam } = await import('../../src/optimizers/index.js');
    const { reference } = await import('../../src/impl/reference.js');
    const own = { name: 'adam with its own eps', optimizers: { ...reference.optimizers, adam: (h: { eta: number }) => adam({ eta: h.eta, eps: 1e-8 }) } };
    const { updateRuleTrial } = await import('../../src/experiments/update-rules.js');
    expect(() => updateRuleTrial('adam', subjectOf(own))(LARGE_GRADIENT_EXAMPLE)).toThrowError(/step t=\d+→\d+, coordinate \d: .*rounding bound.*"eps":0/);
  });
});
