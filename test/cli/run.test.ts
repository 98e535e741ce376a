/**
 * `claims run` through the real path (vitest child, outcomes, audit, Allure 3 HTML). Each run stages its files in
 * its own run directory under CLAIMS_REPORTS_DIR (src/report/run-dir.ts) and publishes under the folder's lock:
 * two runs at once each keep their audit and their history line; a filtered run does not replace the full
 * report; a failed `allure generate` is a non-zero exit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Audit } from '../../src/report/audit.js';
import { publish } from '../../src/report/publish.js';

const QUICK = 'adam-update-rule';
const args = ['--import', 'tsx', 'src/cli/main.ts', 'run', '--profile', 'smoke', QUICK];

/** One `claims run` as a child process; resolves with its exit code and output. */
function runAsync(dir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { env: { ...process.env, CLAIMS_REPORTS_DIR: dir } });
    let out = '';
    p.stdout.on('data', (b) => (out += b));
    p.stderr.on('data', (b) => (out += b));
    p.on('close', (code) => resolve({ code, out }));
  });
}

const runDirs = (dir: string) => readdirSync(join(dir, 'runs')).map((n) => join(dir, 'runs', n));
const readAudit = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Audit;

describe('claims run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claims-run-'));

  it('two runs at once in one reports folder: both exit 0, each keeps its own audit and report, the history gains 2 lines, no lock left', async () => {
    const [a, b] = await Promise.all([runAsync(dir), runAsync(dir)]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    const runs = runDirs(dir);
    expect(runs).toHaveLength(2);
    for (const r of runs) {
      const audit = readAudit(join(r, 'audit.json'));
      expect(audit.claims.map((c) => [c.id, c.verdict, c.control.verdict])).toEqual([[QUICK, 'confirmed', 'violated']]);
      expect(audit.run).toMatchObject({ dir: r, filters: [QUICK], full: false, files: 1 });
      expect(existsSync(join(r, 'allure-report', 'index.html'))).toBe(true);
    }
    expect(new Set(runs.map((r) => readAudit(join(r, 'audit.json')).run!.id)).size).toBe(2);
    expect(readFileSync(join(dir, 'history', 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  }, 300_000);

  it('a filtered run leaves the folder\'s audit.json and report alone and says where its own are', async () => {
    expect(existsSync(join(dir, 'audit.json'))).toBe(false);
    expect(existsSync(join(dir, 'allure-report'))).toBe(false);
    const r = await runAsync(dir);
    expect(r.out).toMatch(/filtered run \(1 claim file matching adam-update-rule\): its audit and report are in .*runs\/.*; .*audit\.json and .*allure-report were left as they are/);
  }, 300_000);

  it('publishing a run of the whole catalogue writes the folder\'s audit.json/md and report, under the lock, and appends its history line', () => {
    const r = runDirs(dir)[0];
    const audit = readAudit(join(r, 'audit.json'));
    audit.run = { ...audit.run!, full: true, filters: [] };
    const before = readFileSync(join(dir, 'history', 'history.jsonl'), 'utf8').trim().split('\n').length;
    const out = publish(dir, r, audit);
    expect(out.report.ok, out.report.message).toBe(true);
    expect(readAudit(join(dir, 'audit.json')).run!.id).toBe(audit.run.id);
    expect(readFileSync(join(dir, 'audit.md'), 'utf8')).toContain(`Run ${audit.run.id} (the whole catalogue)`);
    expect(existsSync(join(dir, 'allure-report', 'index.html'))).toBe(true);
    expect(readFileSync(join(dir, 'history', 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(before + 1);
  }, 120_000);

  it('a statement checked as written and violated as expected is a passed page labelled so, with no stack trace; seed in the environment', () => {
    const d = mkdtempSync(join(tmpdir(), 'claims-run-aswritten-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', '--profile', 'smoke', 'gd-residual-bounded-as-written'], { encoding: 'utf8', env: { ...process.env, CLAIMS_REPORTS_DIR: d } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const [run] = runDirs(d);
    const results = readdirSync(join(run, 'allure-results')).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(run, 'allure-results', f), 'utf8')));
    expect(results).toHaveLength(1);
    expect(results[0].status).toBe('passed');
    expect(results[0].statusDetails?.trace).toBeUndefined();
    expect(results[0].labels).toContainEqual({ name: 'outcome', value: 'violated as expected (statement checked as written)' });
    expect(readFileSync(join(run, 'allure-results', 'environment.properties'), 'utf8')).toMatch(/^seed=20261123$/m);
    // the page the engine writes is the one allure-vitest wrote before it: the same full name (so the same history
    // id: the report's history goes on), parameters, attachments, the control as a step; the run in the environment
    const page = results[0];
    expect(page.fullName).toBe('implicit-bias-claims:claims/gd-separable/gd-residual-bounded-as-written.claim.ts#gd-residual-bounded-as-written');
    expect(page.historyId).toMatch(/^[0-9a-f]{32}:[0-9a-f]{32}$/);
    expect(page.parameters).toContainEqual({ name: 'profile', value: 'smoke' });
    // allure 3 results hold each attachment as a step of its own, beside the control's step
    const steps: string[] = page.steps.map((x: { name: string }) => x.name);
    expect(steps).toEqual(expect.arrayContaining(['figures.json', 'counterexample.json', 'replay.txt']));
    expect(steps.some((x) => x.endsWith('.svg'))).toBe(true);
    expect(steps.at(-1)).toMatch(/^negative control: .* → confirmed$/);
    expect(page.description).toContain('**Statement.**');
    expect(readFileSync(join(run, 'allure-results', 'environment.properties'), 'utf8')).toMatch(new RegExp(`^run=${readAudit(join(run, 'audit.json')).run!.id}$`, 'm'));
    expect(JSON.parse(readFileSync(join(run, 'allure-report', 'summary.json'), 'utf8')).stats).toMatchObject({ total: 1, passed: 1 });
  }, 300_000);

  it('a failed allure generate is a non-zero exit that names the failure', () => {
    const bad = mkdtempSync(join(tmpdir(), 'claims-run-bad-'));
    mkdirSync(join(bad, 'history', 'history.jsonl'), { recursive: true }); // a folder where the history file should be
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, CLAIMS_REPORTS_DIR: bad } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('allure generate failed');
    expect(r.stdout).toContain('exit 1:');
  }, 300_000);
});
