/**
 * The programmatic API (src/index.ts): runClaims and checkImplementation resolve to the audit object that they
 * also write as audit.json, and reject with the reason when nothing can run. The import from an installed
 * package (src/index.mjs through tsx, plain Node ESM) is exercised by test/package/install.sh.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImplementation, runClaims } from '../../src/index.js';
import { claimTestsOf } from '../../src/vitest-claims.js';

const QUICK = 'gd-loss-rate-inverse-t';

describe('programmatic API', () => {
  it('runClaims returns the audit (reference optimizers) and writes the same audit.json into `out`', async () => {
    const out = mkdtempSync(join(tmpdir(), 'claims-api-'));
    const audit = await runClaims({ profile: 'smoke', seed: 7, filters: [QUICK], out, html: false });
    expect(audit.claims.map((c) => [c.id, c.verdict, c.control.verdict, c.seed, c.profile])).toEqual([[QUICK, 'confirmed', 'violated', 7, 'smoke']]);
    expect(audit.implementation).toBeUndefined();
    expect(JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(audit)));
  }, 120_000);

  it('checkImplementation returns the audit naming the implementation; a mutant is caught; a missing module and an empty filter reject', async () => {
    const out = mkdtempSync(join(tmpdir(), 'claims-api-'));
    const ok = await checkImplementation('test/impl/fixtures/gd-ok.mjs', { profile: 'smoke', seed: 7, filters: [QUICK, 'adam-update-rule'], out, html: false });
    expect(ok.implementation?.roles).toEqual(['gd']);
    expect(ok.claims.map((c) => [c.id, c.verdict])).toEqual([[QUICK, 'confirmed']]);
    expect(ok.notApplicable?.map((c) => c.id)).toEqual(['adam-update-rule']);
    const bad = await checkImplementation('builtin:mutant:gd-sign-slip', { profile: 'smoke', seed: 7, filters: ['claims/update-rules/gd-update-rule.claim.ts'], out, html: false });
    expect(bad.claims.map((c) => [c.id, c.verdict])).toEqual([['gd-update-rule', 'violated']]);
    await expect(checkImplementation('test/impl/fixtures/no-such.mjs', { out })).rejects.toThrow(/no such file/);
    await expect(checkImplementation('test/impl/fixtures/gd-ok.mjs', { filters: ['no-claim-has-this-id'], out })).rejects.toThrow(/no claim applies/);
  }, 180_000);

  it('the vitest helper lists one test per applicable claim and the others as not applicable; a test reports problems only for an unexpected verdict', async () => {
    const { name, tests, notApplicable } = await claimTestsOf({ impl: 'test/impl/fixtures/gd-ok.mjs', profile: 'smoke', filters: [QUICK, 'adam-update-rule'] });
    expect(name).toBe('fixture gd (js)');
    expect(tests.map((t) => t.id)).toEqual([QUICK]);
    expect(notApplicable.map((n) => n.id)).toEqual(['adam-update-rule']);
    expect(await tests[0].run()).toEqual([]);
    const mutant = await claimTestsOf({ impl: 'builtin:mutant:gd-sign-slip', profile: 'smoke', filters: ['claims/update-rules/gd-update-rule.claim.ts'] });
    const problems = await mutant.tests[0].run();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^gd-update-rule \[.*\]: verdict violated, expected confirmed/);
  }, 120_000);
});
