/**
 * The typed kinds of an outcome (src/harness/outcome-kinds.ts): every exception a runner catches gets its kind from
 * its class — the message stays the text for people — and nothing in src/ parses a kind back from a message.
 * The end-to-end half (each kind through the isolated child) is in test/cli/check.test.ts, test/impl/lifecycle.test.ts
 * and test/cli/check-data.test.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssumptionError, DataError, NotApplicable, NumericalError, SolverVerificationError } from '../../src/harness/errors.js';
import { ERROR_KINDS, errorOf, errorTitle, implementationFault, isNotApplicable, notApplicableReason } from '../../src/harness/outcome-kinds.js';
import { checkProperty } from '../../src/harness/property.js';
import { makeContext } from '../../src/harness/profile.js';
import { runCheck } from '../../src/harness/run.js';
import { VERDICTS, type Outcome } from '../../src/harness/types.js';
import { controlExpected, isVerdict, refutes, replayable, runAsExpected } from '../../src/harness/verdicts.js';
import { ImplementationError, ImplementationRefused } from '../../src/impl/faults.js';
import { auditRecord } from '../../src/report/outcomes.js';
import { auditMarkdown, buildAudit } from '../../src/report/audit.js';
import type { ClaimDefinition } from '../../src/harness/types.js';

const thrown: [string, unknown, object][] = [
  ['a fault of the implementation', new ImplementationError('non-finite', 'm gd: w[0] = NaN after step 3'), { kind: 'implementation', fault: 'non-finite', name: 'ImplementationError' }],
  ['a refused module', new ImplementationRefused('x.ts', 'no such file'), { kind: 'implementation', name: 'ImplementationRefused' }],
  ['a failed hypothesis of the claim on the user\'s data', new NotApplicable('the data are degenerate'), { kind: 'not-applicable', name: 'NotApplicable', reason: 'the data are degenerate' }],
  ['an input outside the assumptions', new AssumptionError('not separable'), { kind: 'assumption', name: 'AssumptionError' }],
  ['a solver that cannot certify', new SolverVerificationError('duality gap 1e-3'), { kind: 'solver', name: 'SolverVerificationError' }],
  ['a non-finite reference computation', new NumericalError('gd: loss is NaN'), { kind: 'numerical', name: 'NumericalError' }],
  ['a refused dataset', new DataError('label 0 on line 3'), { kind: 'data', name: 'DataError' }],
  ['anything else (a bug)', new TypeError('x is undefined'), { kind: 'harness', name: 'TypeError' }],
  ['a thrown string', 'oops', { kind: 'harness', name: 'string' }],
];

describe('the kind of an error comes from the exception\'s class', () => {
  it.each(thrown)('%s', async (_what, e, kind) => {
    expect(errorOf(e)).toEqual(kind);
    expect(ERROR_KINDS).toContain((kind as { kind: string }).kind);
    // runCheck sets it where it catches; the message is the text people read, unchanged
    const o = await runCheck('x', () => { throw e; }, { profile: 'smoke', seed: 1 });
    expect(o.verdict).toBe('error');
    expect(o.error).toEqual(kind);
    expect(o.message).toBe(e instanceof Error ? `${e.name}: ${e.message}` : 'Error: oops');
  });

  it('a fault named in the message but thrown as a plain Error is the harness\'s: only the class counts', () => {
    expect(errorOf(new Error('ImplementationError: [non-finite] m gd: w[0] = NaN'))).toEqual({ kind: 'harness', name: 'Error' });
  });

  it('the property runner sets it too: a trial that throws, a measurement that comes out NaN', () => {
    const ctx = makeContext({ profile: 'smoke', seed: 5 });
    const arbitrary = fc.integer({ min: 0, max: 9 });
    const threw = checkProperty(ctx, { arbitrary, numRuns: 3, trial: () => { throw new SolverVerificationError('gap'); } });
    expect(threw.error).toEqual({ kind: 'solver', name: 'SolverVerificationError' });
    expect(threw.counterexample).toBe(0); // still replayable: shrunk to the smallest input
    const nan = checkProperty(ctx, { arbitrary, numRuns: 3, trial: () => ({ figures: { rate: NaN } }) });
    expect(nan.verdict).toBe('error');
    expect(nan.error?.kind).toBe('numerical');
  });

  it('the helpers read the typed field: the power rule\'s fault, not applicable and its reason, the title', () => {
    const o = (error: Outcome['error'], verdict: Outcome['verdict'] = 'error') => ({ verdict, message: 'whatever the text says', error });
    expect(implementationFault(o({ kind: 'implementation', fault: 'threw', name: 'ImplementationError' }))).toBe('threw');
    expect(implementationFault(o({ kind: 'harness', fault: 'timeout', name: 'Error' }))).toBeUndefined();
    expect(implementationFault(o({ kind: 'implementation', fault: 'threw', name: 'ImplementationError' }, 'violated'))).toBeUndefined();
    const na = o({ kind: 'not-applicable', name: 'NotApplicable', reason: 'the data are degenerate' });
    expect(isNotApplicable(na)).toBe(true);
    expect(notApplicableReason(na)).toBe('the data are degenerate');
    expect(isNotApplicable(o({ kind: 'assumption', name: 'AssumptionError' }))).toBe(false);
    expect(errorTitle({ kind: 'implementation', fault: 'out-of-memory', name: 'ImplementationError' })).toBe('implementation fault [out-of-memory]');
    expect(errorTitle(undefined)).toBe('harness error');
  });
});

describe('the kind reaches audit.json and audit.md', () => {
  it('for the claim and for its control, only on verdict "error"', () => {
    const def = { id: 'x', title: 't', group: 'g', statement: 's', expected: 'confirmed', source: { seed: 'f', lecture: 'l', slide: 's' }, control: { description: 'c' } } as unknown as ClaimDefinition;
    const base = { figures: {}, seed: 1, trials: 1, durationMs: 0 };
    const fault = { kind: 'implementation' as const, fault: 'threw' as const, name: 'ImplementationError' };
    const rec = auditRecord(def, { claim: { ...base, verdict: 'error', message: 'ImplementationError: [threw] m gd: kaboom', error: fault }, control: { ...base, verdict: 'error', message: 'SolverVerificationError: gap', error: { kind: 'solver', name: 'SolverVerificationError' } } }, { profile: 'smoke', seed: 1 });
    expect(rec.error).toEqual(fault);
    expect(rec.control.error).toEqual({ kind: 'solver', name: 'SolverVerificationError' });
    const held = auditRecord(def, { claim: { ...base, verdict: 'confirmed', message: 'held' }, control: { ...base, verdict: 'violated', message: 'broke' } }, { profile: 'smoke', seed: 1 });
    expect('error' in held).toBe(false);
    expect('error' in held.control).toBe(false);
    expect(auditMarkdown(buildAudit([rec], 'smoke', 1, {}))).toContain('Verdict: **error** — implementation fault [threw] (expected confirmed). ImplementationError: [threw] m gd: kaboom');
  });
});

describe('verdicts: the Verdict union is the single source', () => {
  it('VERDICTS lists it; isVerdict guards values read back from JSON; a control is expected violated unless declared', () => {
    expect(VERDICTS).toEqual(['confirmed', 'violated', 'inconclusive', 'error']);
    expect(VERDICTS.every(isVerdict)).toBe(true);
    expect(isVerdict('not applicable')).toBe(false);
    expect(controlExpected({ control: { description: 'c', check: () => ({}) as Outcome } })).toBe('violated');
    expect(controlExpected({ control: { description: 'c', expected: 'confirmed', check: () => ({}) as Outcome } })).toBe('confirmed');
    const def = { expected: 'confirmed' as const, control: { description: 'c', check: () => ({}) as Outcome } };
    expect(runAsExpected(def, { claim: { verdict: 'confirmed' }, control: { verdict: 'violated' } })).toBe(true);
    expect(runAsExpected(def, { claim: { verdict: 'confirmed' }, control: { verdict: 'error' } })).toBe(false);
  });
  it('a violation and an error carry a replay; only a violation of a claim not expected violated refutes', () => {
    expect(VERDICTS.filter((verdict) => replayable({ verdict }))).toEqual(['violated', 'error']);
    expect(VERDICTS.filter((verdict) => refutes({ expected: 'confirmed' }, { verdict }))).toEqual(['violated']);
    expect(VERDICTS.filter((verdict) => refutes({ expected: 'violated' }, { verdict }))).toEqual([]);
  });
});

/** Every .ts/.mjs file under src/. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|mjs)$/.test(f) ? [p] : [];
  });
}

describe('no kind is parsed back from a message', () => {
  // the shapes of the parsing this replaced: a prefix test, a slice past the prefix, a regex anchored on it
  const PARSING = [
    /startsWith\(\s*['"`](NotApplicable|ImplementationError|CLAIMS_IMPL=|Error: \[)/,
    /slice\(\s*['"`](NotApplicable|ImplementationError)/,
    /['"`](NotApplicable|ImplementationError): ['"`]\.length/,
    /\/\^\(?(NotApplicable|ImplementationError|CLAIMS_IMPL=)/,
    /(message|error)\.(includes|match|startsWith)\(\s*['"`/](NotApplicable|ImplementationError|CLAIMS_IMPL|\\?\[(threw|shape|non-finite|mutation|timeout|protocol|exited|out-of-memory))/,
  ];
  it('src/ has none of the prefix tests (NotApplicable:, ImplementationError: [, CLAIMS_IMPL=)', () => {
    const hits = sources('src').flatMap((file) =>
      readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (PARSING.some((re) => re.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
  it('the patterns catch the parsing they replaced (so the test above can fail)', () => {
    for (const line of [
      "if (r.claim.message.startsWith('NotApplicable: ')) {",
      "reason: r.claim.message.slice('NotApplicable: '.length)",
      "return message.startsWith('ImplementationError: [');",
      'const m = /^ImplementationError: \\[([a-z-]+)\\]/.exec(message);',
      "reply.error.startsWith('CLAIMS_IMPL=') ? reply.error : x",
      "e.message.startsWith('CLAIMS_IMPL=')",
      "o.message.slice('ImplementationError: '.length, 60)",
      "if (o.message.includes('[timeout]')) return",
    ])
      expect(PARSING.some((re) => re.test(line)), line).toBe(true);
  });
});
