/**
 * The Allure status of a claim's page says whether the run went as expected (src/report/allure.ts), so a run that
 * is all as expected reads as all passed — the statements checked as written (violated as expected) included.
 */
import { describe, expect, it } from 'vitest';
import type { ClaimRun } from '../../src/harness/run.js';
import type { ClaimDefinition, Outcome, Verdict } from '../../src/harness/types.js';
import { expectedStatus, outcomeLabel, VIOLATED_AS_EXPECTED } from '../../src/report/allure.js';

const def = (expected: Verdict) => ({ id: 'x', expected, control: { description: 'c', expected: 'violated' } }) as unknown as ClaimDefinition;
const o = (verdict: Verdict, extra: Partial<Outcome> = {}): Outcome => ({ verdict, message: `${verdict} message`, figures: {}, seed: 1, trials: 1, durationMs: 0, ...extra });
const run = (claim: Verdict, control: Verdict = 'violated', extra: Partial<Outcome> = {}): ClaimRun => ({ claim: o(claim, extra), control: o(control) });

describe('expectedStatus and the outcome label', () => {
  it('as expected → passed, for a confirmed claim and for a statement violated as written', () => {
    expect(expectedStatus(def('confirmed'), run('confirmed'))).toEqual({ status: 'passed' });
    expect(expectedStatus(def('violated'), run('violated'))).toEqual({ status: 'passed' });
    expect(outcomeLabel(def('violated'), run('violated'))).toBe(VIOLATED_AS_EXPECTED);
    expect(outcomeLabel(def('confirmed'), run('confirmed'))).toBe('confirmed as expected');
  });
  it('an unexpected violated or confirmed → failed, naming the verdicts and the replay command', () => {
    const st = expectedStatus(def('confirmed'), run('violated', 'violated', { replayCommand: 'npx claims replay x --seed 1' }));
    expect(st.status).toBe('failed');
    expect(st.message).toBe('unexpected verdict (claim: violated, expected confirmed: violated message\nreplay: npx claims replay x --seed 1)');
    expect(expectedStatus(def('violated'), run('confirmed')).status).toBe('failed');
    expect(outcomeLabel(def('violated'), run('confirmed'))).toBe('confirmed (unexpected)');
  });
  it('an unexpected error → broken, inconclusive → skipped; a control that differs is named as the control', () => {
    expect(expectedStatus(def('confirmed'), run('error')).status).toBe('broken');
    expect(expectedStatus(def('confirmed'), run('inconclusive')).status).toBe('skipped');
    const ctl = expectedStatus(def('confirmed'), run('confirmed', 'confirmed'));
    expect(ctl).toEqual({ status: 'failed', message: 'unexpected verdict (negative control: confirmed, expected violated: confirmed message)' });
    expect(outcomeLabel(def('confirmed'), run('confirmed', 'error'))).toBe('negative control error (unexpected)');
  });
});
