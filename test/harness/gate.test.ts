/** The one judgement of a gate (npm test's claims project, the vitest helper): src/harness/run.ts gateProblems. */
import { describe, expect, it } from 'vitest';
import { gateProblems } from '../../src/harness/run.js';
import type { ClaimDefinition, Outcome, Verdict } from '../../src/harness/types.js';

const def = { id: 'x', expected: 'confirmed', control: { description: 'GD with weight decay' } } as unknown as ClaimDefinition;
const o = (verdict: Verdict, message = 'm'): Outcome => ({ verdict, message, figures: {}, seed: 1, trials: 1, durationMs: 0 });

describe('gateProblems', () => {
  it('none when claim and control are as expected; each difference named, claim first', () => {
    expect(gateProblems(def, { claim: o('confirmed'), control: o('violated') })).toEqual([]);
    expect(gateProblems(def, { claim: o('inconclusive', 'undecided'), control: o('confirmed', 'held') })).toEqual([
      'verdict inconclusive, expected confirmed: undecided',
      'negative control (GD with weight decay) came out confirmed, expected violated: held',
    ]);
    // a control expected otherwise than violated (declared in the claim)
    const other = { ...def, control: { ...def.control, expected: 'confirmed' } } as ClaimDefinition;
    expect(gateProblems(other, { claim: o('confirmed'), control: o('confirmed') })).toEqual([]);
  });
});
