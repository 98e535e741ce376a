import { describe, expect, it } from 'vitest';
import { EXIT, runExitCode } from '../../src/report/exit-codes.js';
import type { Verdict } from '../../src/harness/types.js';

const c = (verdict: Verdict, asExpected: boolean, control: { verdict: Verdict; asExpected: boolean } = { verdict: 'violated', asExpected: true }) => ({ verdict, asExpected, control });
const ok = { missing: 0, reportFailed: false };

describe('exit code of claims run', () => {
  it('0 when every claim and control is as expected (a statement violated as written counts as expected)', () => {
    expect(runExitCode([c('confirmed', true), c('violated', true)], ok)).toBe(EXIT.asExpected);
    expect(EXIT.asExpected).toBe(0);
  });
  it('3 when the only differences are inconclusive verdicts (of a claim or of a control)', () => {
    expect(runExitCode([c('confirmed', true), c('inconclusive', false)], ok)).toBe(3);
    expect(runExitCode([c('confirmed', true, { verdict: 'inconclusive', asExpected: false })], ok)).toBe(3);
  });
  it('3, not 1, when a claim expected inconclusive (undecidable at its budget) came out confirmed on this seed; 1 when it came out violated or error', () => {
    const expectedInconclusive = (verdict: Verdict) => ({ ...c(verdict, false), expected: 'inconclusive' as const });
    expect(runExitCode([c('confirmed', true), expectedInconclusive('confirmed')], ok)).toBe(3);
    expect(runExitCode([expectedInconclusive('violated')], ok)).toBe(1);
    expect(runExitCode([expectedInconclusive('error')], ok)).toBe(1);
    // a claim expected violated (as written) that came out confirmed is still a contradiction
    expect(runExitCode([{ ...c('confirmed', false), expected: 'violated' as const }], ok)).toBe(1);
  });
  it('1 for an unexpected confirmed, violated or error, even next to inconclusive ones', () => {
    for (const v of ['confirmed', 'violated', 'error'] as const) expect(runExitCode([c('inconclusive', false), c(v, false)], ok), v).toBe(1);
    expect(runExitCode([c('confirmed', true, { verdict: 'confirmed', asExpected: false })], ok)).toBe(1);
  });
  it('1 when a claim file gave no outcome or the HTML report could not be generated, whatever the verdicts', () => {
    expect(runExitCode([c('confirmed', true)], { missing: 1, reportFailed: false })).toBe(1);
    expect(runExitCode([c('confirmed', true)], { missing: 0, reportFailed: true })).toBe(1);
  });
  it('the codes are distinct', () => {
    expect(new Set(Object.values(EXIT)).size).toBe(4);
  });
});
