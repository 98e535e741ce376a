/**
 * `claims check --impl` through the real path (child processes, time limit, audit, Allure results): a correct
 * user implementation reproduces the expected verdicts; each kind of fault is the verdict "error" naming the fault
 * — never "violated" or "confirmed" — with its typed kind in audit.json and the Allure labels (error = kind,
 * fault), and the run goes on with the next claim.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/impl/check.js';
import { catches } from '../../src/impl/power.js';
import type { Audit } from '../../src/report/audit.js';
import type { Fault } from '../../src/impl/faults.js';

const FIX = 'test/impl/fixtures';
// a quick claim (one GD run per dataset, shared) and a second one, to see the run go on after a fault
const QUICK = 'gd-loss-rate-inverse-t';
const SECOND = 'gd-norm-diverges-like-log-t';

let dir: string;
const before = process.env.CLAIMS_REPORTS_DIR;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'claims-check-'));
  process.env.CLAIMS_REPORTS_DIR = dir;
});
afterEach(() => {
  if (before === undefined) delete process.env.CLAIMS_REPORTS_DIR;
  else process.env.CLAIMS_REPORTS_DIR = before;
});
const audit = (): Audit => JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));

describe('claims check --impl', () => {
  it('a correct JavaScript implementation reproduces the expected verdicts; audit names it; non-gd claims are listed as not applicable', async () => {
    const code = await check({ impl: `${FIX}/gd-ok.mjs`, profile: 'smoke', seed: 7, filters: [QUICK, 'max-margin-is-combination-of-support-vectors', 'ls-gd-from-zero'], quiet: true });
    expect(code).toBe(0);
    const a = audit();
    expect(a.implementation).toEqual({ name: 'fixture gd (js)', path: `${FIX}/gd-ok.mjs`, roles: ['gd'] });
    expect(a.claims.map((c) => [c.id, c.verdict, c.control.verdict])).toEqual([[QUICK, 'confirmed', 'violated']]);
    expect(a.notApplicable?.map((c) => c.id)).toEqual(expect.arrayContaining(['max-margin-is-combination-of-support-vectors']));
    expect(a.notApplicable?.find((c) => c.id === 'max-margin-is-combination-of-support-vectors')?.reason).toMatch(/no optimizer role/);
    // the same report as `claims run`: an Allure page per claim, with the implementation as a parameter, and the HTML
    const results = readdirSync(join(dir, 'allure-results')).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(dir, 'allure-results', f), 'utf8')));
    expect(results).toHaveLength(1);
    expect(results[0].status).toBe('passed');
    expect(results[0].parameters).toContainEqual({ name: 'implementation', value: 'fixture gd (js)' });
    expect(results[0].labels).toContainEqual({ name: 'story', value: QUICK });
    expect(readdirSync(join(dir, 'allure-report'))).toContain('index.html');
  });

  const faults: [string, Fault, RegExp][] = [
    ['throws', 'threw', /^ImplementationError: \[threw\] fixture throws gd: update threw at step 50: kaboom/],
    ['nan', 'non-finite', /^ImplementationError: \[non-finite\] fixture nan gd: w\[0\] = NaN after step 50/],
    ['wrong-length', 'shape', /^ImplementationError: \[shape\] fixture wrong-length gd: after step 50 state\.w is Float64Array\((\d)\), expected Float64Array\(\d\)/],
    ['mutates-w0', 'mutation', /^ImplementationError: \[mutation\] fixture mutates-w0 gd: mutated its input w0 \(w0\[0\] changed from 0 to 1\)/],
    ['mutates-data', 'mutation', /^ImplementationError: \[mutation\] fixture mutates-data gd: mutated the data \(element 0 changed/],
  ];
  it.each(faults)('an implementation that %s: verdict "error" with the typed fault %s, never violated or confirmed; exit code 1', async (kind, fault, message) => {
    const code = await check({ impl: `${FIX}/${kind}.ts`, profile: 'smoke', seed: 7, filters: [QUICK], quiet: true, html: false });
    expect(code).toBe(1);
    const [c] = audit().claims;
    expect(c.verdict).toBe('error');
    // the typed field, set in the isolated child where the guard's exception was caught, carried over IPC
    expect(c.error).toEqual({ kind: 'implementation', fault, name: 'ImplementationError' });
    expect(c.message).toMatch(message); // the text for people, unchanged
    expect(catches({ expected: c.expected }, c)).toBe(true); // counted as a fault of the implementation
    // the control is the subject wrapped (GD with weight decay around the user's gd, src/impl/wrappers.ts), so it
    // exercises the same implementation and reports a fault of it (the same kind, except the data-writing fixture,
    // which throws on the wrapped objective: it carries no `examples` to write), as the implementation's doing
    expect(c.control.verdict).toBe('error');
    expect(c.control.error).toEqual({ kind: 'implementation', fault: kind === 'mutates-data' ? 'threw' : fault, name: 'ImplementationError' });
    expect(c.control.runs).toBe('subject');
    expect(c.control.note).toMatch(/a fault or behaviour of the implementation, not of the harness/);
    // the Allure page is broken and labelled with the kind and the fault (allurerc.mjs's categories match these)
    const [page] = readdirSync(join(dir, 'allure-results')).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(dir, 'allure-results', f), 'utf8')));
    expect(page.status).toBe('broken');
    expect(page.labels).toEqual(expect.arrayContaining([{ name: 'error', value: 'implementation' }, { name: 'fault', value: fault }]));
    expect(page.statusDetails.message).toMatch(new RegExp(`^implementation fault \\[${fault}\\] \\(claim: error, expected confirmed: `));
  });

  it('an update that never returns: the check is terminated at the time limit ("error", [timeout]) and the run goes on with the next claim', async () => {
    const code = await check({ impl: `${FIX}/never-returns.ts`, profile: 'smoke', seed: 7, filters: [QUICK, SECOND], quiet: true, html: false, timeLimitS: 6, jobs: 1 });
    expect(code).toBe(1);
    const a = audit();
    expect(a.claims.map((c) => c.id).sort()).toEqual([SECOND, QUICK].sort());
    for (const c of a.claims) {
      expect(c.verdict).toBe('error');
      expect(c.error).toEqual({ kind: 'implementation', fault: 'timeout', name: 'ImplementationError' });
      expect(c.message).toMatch(/did not finish within the time limit of 6 s and was terminated/);
      // a fresh child ran the control after the kill: the user's gd wrapped with weight decay, which hangs too
      expect(c.control.verdict).toBe('error');
      expect(c.control.error?.fault).toBe('timeout');
    }
    // no wall-clock bound here (it would depend on CPU load): both claims reaching "error" [timeout] with their
    // controls run is what shows the run went on; the test timeout only catches a run that never ends
  }, 300_000);
});

describe('check and power share the run folders and the lock of claims run', () => {
  it('two checks at once in one reports folder: each its own run folder, audit and page; the folder is one run\'s, whole; 2 history lines', async () => {
    // (a check used to delete the folder's shared allure-results and outcomes when it started: a concurrent run's pages vanished)
    const o = { impl: `${FIX}/gd-ok.mjs`, profile: 'smoke' as const, seed: 7, filters: [QUICK], quiet: true };
    const pending = Promise.all([check(o), check(o)]);
    expect(await pending).toEqual([0, 0]);
    const runs = readdirSync(join(dir, 'runs')).map((r) => join(dir, 'runs', r));
    expect(runs).toHaveLength(2);
    for (const r of runs) {
      const a: Audit = JSON.parse(readFileSync(join(r, 'audit.json'), 'utf8'));
      expect(a.claims.map((c) => [c.id, c.verdict, c.control.verdict])).toEqual([[QUICK, 'confirmed', 'violated']]);
      expect(a.run?.dir).toBe(r);
      expect(readdirSync(join(r, 'allure-results')).filter((f) => f.endsWith('-result.json'))).toHaveLength(1);
    }
    // the folder's audit and pages are those of the run that published last, and only its
    expect(runs.map((r) => r.split('/').at(-1))).toContain(audit().run!.id);
    expect(readdirSync(join(dir, 'allure-results')).filter((f) => f.endsWith('-result.json'))).toHaveLength(1);
    expect(readFileSync(join(dir, 'history', 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  }, 300_000);
});

describe('the claims command: check', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', env: { ...process.env, CLAIMS_REPORTS_DIR: dir } });
  it('exits 1 on an unexpected verdict and prints the fault on the progress line', () => {
    const r = cli('check', '--impl', `${FIX}/nan.ts`, '--profile', 'smoke', QUICK);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`${QUICK}\\s+error\\s+\\(UNEXPECTED: expected confirmed; control error — on the implementation\\)`));
    expect(r.stdout).toMatch(/control: the negative control runs fixture nan .* not of the harness/);
    expect(r.stdout).toMatch(/\[non-finite\] fixture nan gd: w\[0\] = NaN after step 50/);
  }, 60_000);
  it('refuses what cannot be checked with exit code 2 and the reason', () => {
    expect(cli('check').stderr).toMatch(/check needs --impl MODULE .* and\/or --data FILE/);
    const missing = cli('check', '--impl', 'no/such/module.ts');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/CLAIMS_IMPL=no\/such\/module\.ts: no such file/);
    const noRoles = cli('check', '--impl', `${FIX}/points.json`);
    expect(noRoles.status).toBe(2);
    expect(noRoles.stderr).toMatch(/cannot load the module|exports no `optimizers`/);
  }, 60_000);
});
