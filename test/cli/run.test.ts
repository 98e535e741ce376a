/**
 * `claims run` through the real path (vitest child, outcomes, audit, Allure 3 HTML): everything lands in the
 * reports folder of the run (CLAIMS_REPORTS_DIR), the HTML report included.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Audit } from '../../src/report/audit.js';

describe('claims run', () => {
  it('writes outcomes, audit.json/md and the HTML report into CLAIMS_REPORTS_DIR, and exits 0 when every verdict is the expected one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-run-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', '--profile', 'smoke', 'adam-update-rule'], { encoding: 'utf8', env: { ...process.env, CLAIMS_REPORTS_DIR: dir } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`HTML report: ${join(dir, 'allure-report')}`);
    const audit = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as Audit;
    expect(audit.claims.map((c) => [c.id, c.verdict, c.control.verdict])).toEqual([['adam-update-rule', 'confirmed', 'violated']]);
    expect(existsSync(join(dir, 'audit.md'))).toBe(true);
    expect(existsSync(join(dir, 'allure-report', 'index.html'))).toBe(true);
  }, 120_000);
});
