/**
 * The update rules of the five classification roles (src/experiments/update-rules-classification.ts): the reference
 * keeps every step far inside its rounding bound, every mutant of the five roles is refuted by its role's rule,
 * and the readings that rounding leaves open (a margin at 0, a tie) are handled as the rule defines them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleProblem, type RuleProblem } from '../../src/data/rule-problems.js';
import { CLASSIFICATION_RULE_ROLES, checkClassificationSteps, classificationRuleTrial } from '../../src/experiments/update-rules-classification.js';
import { MUTANTS } from '../../src/impl/mutants.js';
import { referenceSubject, subjectOf } from '../../src/impl/subject.js';

const constantColumn = (p: RuleProblem) => [...Array(p.d).keys()].some((j) => new Set([...Array(p.n).keys()].map((i) => Math.sign(p.X[i * p.d + j]))).size === 1);
const problems = fc.sample(ruleProblem(), { seed: 11, numRuns: 200 });

describe('classification update rules', () => {
  it.each(CLASSIFICATION_RULE_ROLES.map((r) => [r]))('%s: the reference stays within 0.1 of the rounding bound on 200 problems', (role) => {
    let worst = 0;
    for (const p of problems) {
      if (role === 'adaboost' && constantColumn(p)) continue;
      for (const c of checkClassificationSteps(role, p, referenceSubject).checks) worst = Math.max(worst, c.ratio);
    }
    // measured: perceptron, coordinate and sign descent 0 (exact dyadic arithmetic), AdaBoost ≤ 0.011, normalized GD ≤ 0.05
    expect(worst).toBeLessThan(0.1);
  });

  it.each(MUTANTS.filter((m) => (CLASSIFICATION_RULE_ROLES as readonly string[]).includes(m.role)).map((m) => [m.key, m] as const))('%s is refuted by its role\'s rule on most problems', (_k, m) => {
    const role = m.role as (typeof CLASSIFICATION_RULE_ROLES)[number];
    const usable = problems.filter((p) => role !== 'adaboost' || !constantColumn(p)).slice(0, 40);
    const refuted = usable.filter((p) => checkClassificationSteps(role, p, subjectOf(m)).checks.some((c) => !(c.ratio <= 1))).length;
    // a problem can hide a bug (a zero edge, a gradient whose largest entry is also the largest in absolute value)
    expect(refuted / usable.length).toBeGreaterThan(0.5); // measured: 0.7 for the signed argmax (invisible while the largest |∂_kF| is positive), ≥ 0.95 for the others
  });

  it('the perceptron\'s first visit from w_0 = 0 is a mistake (⟨0, z⟩ = 0 ≤ 0): the strict-inequality mutant is refuted at t = 0', () => {
    const m = MUTANTS.find((x) => x.key === 'perceptron-strict-mistake')!;
    const { checks } = checkClassificationSteps('perceptron', problems[0], subjectOf(m));
    expect(checks[0].ratio).toBeGreaterThan(1e6);
  });

  it('a trial\'s violation names the first step outside the bound and the hyperparameters', () => {
    const m = MUTANTS.find((x) => x.key === 'sign-descent-no-scale')!;
    expect(() => classificationRuleTrial('signDescent', subjectOf(m))(problems[0])).toThrow(/step t=0→1, coordinate \d+: the implementation gives .* the signDescent rule .*× the float64 rounding bound\); hyperparameters \{"eta"/);
  });
});
