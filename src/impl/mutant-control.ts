/**
 * A negative control that runs one of our known-broken implementations (src/impl/mutants.ts) instead of the subject:
 * the control record is derived from the mutant — `runs: 'mutant'` (so `claims check` never blames the user's
 * implementation for it), the description naming the mutant and its bug, and the check given a context whose subject
 * is the mutant. A claim that builds its control by hand can forget `runs`; this cannot.
 *
 * @example control: mutantControl('adam-no-bias-correction', (ctx) => updateRuleProperty(ctx, 'adam'))
 */
import { withSubject } from '../harness/profile.js';
import type { ClaimContext, ClaimDefinition, Outcome } from '../harness/types.js';
import { MUTANTS } from './mutants.js';
import { subjectOf } from './subject.js';

export function mutantControl(key: string, check: (ctx: ClaimContext) => Promise<Outcome> | Outcome, consequence = ''): ClaimDefinition['control'] {
  const mutant = MUTANTS.find((m) => m.key === key);
  if (!mutant) throw new Error(`mutantControl: no mutant "${key}" in src/impl/mutants.ts (${MUTANTS.map((m) => m.key).join(', ')})`);
  const subject = subjectOf(mutant);
  return {
    runs: 'mutant',
    description: `the mutant ${mutant.key}: ${mutant.bug}${consequence ? ` — ${consequence}` : ''}`,
    check: (ctx) => check(withSubject(ctx, subject)),
  };
}
