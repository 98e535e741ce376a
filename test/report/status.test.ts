/**
 * The Allure status of a claim's page says whether the run went as expected (src/report/allure.ts), so a run that
 * is all as expected reads as all passed — the statements checked as written (violated as expected) included.
 */
import { describe, expect, it, vi } from 'vitest';
import { matchCategory, normalizeCategoriesConfig } from '@allurereport/core-api';
import type { ClaimRun } from '../../src/harness/run.js';
import type { ClaimDefinition, Outcome, Verdict } from '../../src/harness/types.js';
import { expectedStatus, outcomeLabel, statusError, VIOLATED_AS_EXPECTED } from '../../src/report/allure.js';
import type { OutcomeError } from '../../src/harness/outcome-kinds.js';

// allurerc.mjs imports defineConfig from the allure CLI package, whose import prints its help: the config is the identity
vi.mock('allure', () => ({ defineConfig: <T>(c: T) => c }));

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

describe('a broken page is sorted by its typed error, not by its message', () => {
  const fault: OutcomeError = { kind: 'implementation', fault: 'non-finite', name: 'ImplementationError' };
  const solver: OutcomeError = { kind: 'solver', name: 'SolverVerificationError' };
  it('the status message and the error of the deciding outcome (the claim\'s, else the control\'s) come from the kind', () => {
    expect(expectedStatus(def('confirmed'), run('error', 'violated', { error: fault })).message).toBe('implementation fault [non-finite] (claim: error, expected confirmed: error message)');
    expect(statusError(def('confirmed'), run('error', 'violated', { error: fault }))).toEqual(fault);
    const controlBroke: ClaimRun = { claim: o('confirmed'), control: o('error', { error: solver }) };
    expect(statusError(def('confirmed'), controlBroke)).toEqual(solver);
    expect(expectedStatus(def('confirmed'), controlBroke).message).toMatch(/^solver could not certify \(negative control: error/);
    // an error with no kind (an outcome built before kinds existed) is the harness's; as expected: no error label
    expect(statusError(def('confirmed'), run('error'))).toEqual({ kind: 'harness', name: 'Error' });
    expect(statusError(def('confirmed'), run('confirmed'))).toBeUndefined();
    expect(statusError(def('confirmed'), run('inconclusive'))).toBeUndefined();
  });
  it('allurerc.mjs: the categories match the labels error and fault (same message, different categories)', async () => {
    // @ts-expect-error the config is a plain .mjs without types
    const config = (await import('../../allurerc.mjs')).default as { categories: Parameters<typeof normalizeCategoriesConfig>[0] };
    const categories = normalizeCategoriesConfig(config.categories);
    const page = (status: 'broken' | 'failed' | 'passed', labels: Record<string, string>) =>
      matchCategory(categories, { status, flaky: false, message: 'ImplementationError: [non-finite] looks like a fault', labels: Object.entries(labels).map(([name, value]) => ({ name, value })) })?.name;
    expect(page('broken', { error: 'implementation', fault: 'non-finite' })).toBe('Fault of the implementation under test');
    expect(page('broken', { error: 'harness' })).toBe('Harness error');
    expect(page('broken', { error: 'solver' })).toBe('Error of a solver, an assumption or the data');
    expect(page('broken', {})).toBe('Error of a solver, an assumption or the data');
    expect(page('failed', { outcome: 'violated (unexpected)' })).toBe('Unexpected verdict');
    expect(page('passed', { outcome: VIOLATED_AS_EXPECTED })).toBe('Violated as expected (statement checked as written)');
  });
});
