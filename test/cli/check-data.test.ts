/**
 * `claims check --data FILE`: the format (CSV, three JSON forms), the assumptions verified before any claim runs
 * (each failure names itself and where), and the dataset-generic claims run on the user's points.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/impl/check.js';
import { DEFAULT_SETTINGS } from '../../src/harness/settings.js';
import { runJobsIsolated } from '../../src/impl/isolate.js';
import { DataError, loadUserData, parseCsv, parseJson } from '../../src/impl/data-file.js';
import type { Audit } from '../../src/report/audit.js';

const FIX = 'test/impl/fixtures';
let dir: string;
const before = process.env.CLAIMS_REPORTS_DIR;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'claims-data-'));
  process.env.CLAIMS_REPORTS_DIR = dir;
});
afterEach(() => {
  if (before === undefined) delete process.env.CLAIMS_REPORTS_DIR;
  else process.env.CLAIMS_REPORTS_DIR = before;
});
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('the dataset format', () => {
  it('CSV with a header, # comments and any separator; the label column by name or last', () => {
    expect(parseCsv('# c\nx1,x2,y\n1,2,1\n\n-1;0;-1\n')).toEqual({ points: [[1, 2], [-1, 0]], labels: [1, -1] });
    expect(parseCsv('label\ta\tb\n1\t0.5\t0.1\n-1\t-0.5\t0\n')).toEqual({ points: [[0.5, 0.1], [-0.5, 0]], labels: [1, -1] });
    expect(parseCsv('0.1 0.2 -1\n0.3 0.4 1\n')).toEqual({ points: [[0.1, 0.2], [0.3, 0.4]], labels: [-1, 1] });
  });
  it('JSON as {X, y}, as {points, labels} (a counterexample of audit.json) or as [{x, y}]', () => {
    const want = { points: [[1, 0], [0, -1]], labels: [1, -1] };
    expect(parseJson('{"X": [[1, 0], [0, -1]], "y": [1, -1]}')).toEqual(want);
    expect(parseJson('{"points": [[1, 0], [0, -1]], "labels": [1, -1]}')).toEqual(want);
    expect(parseJson('[{"x": [1, 0], "y": 1}, {"x": [0, -1], "y": -1}]')).toEqual(want);
  });
  it('the fixture files load, rescaled into the unit ball, and say so', () => {
    for (const f of ['points.csv', 'points.json']) {
      const u = loadUserData(`${FIX}/${f}`);
      expect([u.ds.n, u.ds.d]).toEqual([6, 2]);
      expect(u.maxNorm).toBeCloseTo(Math.hypot(0.3, 3.2), 12);
      expect(u.notes[0]).toMatch(/^rescaled every point by 1\/3\.21403 \(the largest ‖x_i‖, point 6\)/);
      expect(u.gammaBar).toBeGreaterThan(0);
    }
  });
});

describe('the data assumptions are verified first, each failure named', () => {
  const cases: [string, string, string, RegExp][] = [
    ['not a number', 'bad.csv', 'x1,x2,y\n1,abc,1\n', /line 2, column 2: "abc" is not a finite number/],
    ['labels ±1 (0/1 labels get a hint)', 'labels.csv', '0.1,0.2,1\n0.3,-0.1,0\n', /point 2 has label 0; labels must be −1 or \+1 \(for 0\/1 labels, map 0 → −1\)/],
    ['one dimension', 'dims.json', '{"X": [[0.1, 0.2], [0.3]], "y": [1, -1]}', /point 2 has 1 coordinates, point 1 has 2/],
    ['separable through the origin (XOR is not)', 'xor.csv', '0.5,0.5,1\n-0.5,-0.5,1\n0.5,-0.5,-1\n-0.5,0.5,-1\n', /not linearly separable through the origin/],
    ['a point at 0 cannot be separated', 'zero.csv', '0,0,1\n0,0,-1\n', /every point is 0/],
    ['finite (JSON)', 'inf.json', '{"X": [[1e400, 0]], "y": [1]}', /coordinate 1 is Infinity/],
  ];
  it.each(cases)('%s', (_what, name, text, message) => {
    expect(() => loadUserData(file(name, text))).toThrow(DataError);
    expect(() => loadUserData(file(name, text))).toThrow(message);
  });
  it('‖x_i‖ ≤ 1 with --no-rescale: the point outside the ball is named', () => {
    expect(() => loadUserData(`${FIX}/points.csv`, { rescale: false })).toThrow(/‖x_6‖ = 3\.21403 exceeds 1, and the claims assume ‖x_i‖ ≤ 1/);
  });
});

describe('claims check --data', () => {
  it('runs the dataset-generic claims on the given points (reference GD), lists the others as not applicable, records the dataset', async () => {
    const claims = ['gd-norm-diverges-like-log-t', 'gd-logistic-risk-bound', 'max-margin-is-combination-of-support-vectors', 'gd-residual-bounded'];
    const code = await check({ data: `${FIX}/points.csv`, profile: 'smoke', seed: 3, filters: claims, quiet: true, html: false });
    const a: Audit = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
    expect(a.claims.map((c) => [c.id, c.verdict, c.data]).sort()).toEqual(
      [
        ['gd-logistic-risk-bound', 'confirmed', `${FIX}/points.csv`],
        ['gd-norm-diverges-like-log-t', 'confirmed', `${FIX}/points.csv`],
        ['max-margin-is-combination-of-support-vectors', 'confirmed', `${FIX}/points.csv`],
      ].sort(),
    );
    expect(a.claims.every((c) => c.trials === 1 && c.control.skipped)).toBe(true);
    // the filter matches gd-residual-bounded and gd-residual-bounded-as-written, neither dataset-generic
    expect(a.notApplicable).toContainEqual({ id: 'gd-residual-bounded', reason: 'not dataset-generic (no onData: it needs data built for it)' });
    expect(a.data).toMatchObject({ path: `${FIX}/points.csv`, n: 6, d: 2 });
    expect(a.data!.notes[0]).toMatch(/^rescaled every point/);
    expect(code).toBe(0);
  }, 60_000);
  it('data not in general position for the horizon are decided by the gradient flow to 1e30, never "not applicable"', async () => {
    // z = (1,0) twice (a duplicate) and (0.9, 0.3) near the margin: not in general position for GD's T = 1e5
    const p = file('near.csv', '1,0,1\n-1,0,-1\n0.9,0.3,1\n');
    await check({ data: p, profile: 'smoke', seed: 3, filters: ['gd-direction-converges-to-max-margin', 'gd-norm-diverges-like-log-t'], quiet: true, html: false });
    const a: Audit = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
    expect(a.notApplicable!.filter((c) => c.id.startsWith('gd-'))).toEqual([]);
    expect(a.claims.map((c) => [c.id, c.verdict]).sort()).toEqual([
      ['gd-direction-converges-to-max-margin', 'confirmed'],
      ['gd-norm-diverges-like-log-t', 'confirmed'],
    ]);
    for (const c of a.claims) expect(c.decidedBy).toMatch(/^gradient flow .* to t = 1e30, the oracle for GD's limit.*because GD to T = 1e\+5 cannot reach/);
  }, 60_000);
  it('degenerate data (a support vector no dual needs): the O(1/log t) rate claims are not applicable naming the theorem\'s hypothesis; direction and norm are decided on the flow', async () => {
    // z0 = (0.5, 0), z1 = (0.5, 0.5) both on the margin of ŵ = (2, 0), which needs only z0: α1 = 0 in every dual
    const p = file('degenerate.csv', '0.5,0,1\n0.5,0.5,1\n-0.9,0.2,-1\n');
    await check({ data: p, profile: 'smoke', seed: 3, filters: ['gd-direction-rate-inverse-log-t', 'gd-margin-gap-inverse-log-t', 'gd-direction-converges-to-max-margin', 'gd-norm-diverges-like-log-t'], quiet: true, html: false });
    const a: Audit = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
    const na = a.notApplicable!.filter((c) => c.id.startsWith('gd-'));
    expect(na.map((c) => c.id).sort()).toEqual(['gd-direction-rate-inverse-log-t', 'gd-margin-gap-inverse-log-t']);
    for (const c of na) expect(c.reason).toMatch(/^the data are degenerate: support point 1 carries α = 0 in every dual, and Soudry et al\. 2018, Thm 3 proves the O\(1\/log t\) rates for almost every dataset/);
    for (const c of a.claims) {
      expect(c.verdict, `${c.id}: ${c.message}`).not.toBe('violated');
      expect(c.decidedBy).toMatch(/^gradient flow/);
    }
    expect(a.claims.map((c) => c.id).sort()).toEqual(['gd-direction-converges-to-max-margin', 'gd-norm-diverges-like-log-t']);
  }, 60_000);
  it('"not applicable" is a typed kind of the outcome, set in the isolated child where NotApplicable is caught', async () => {
    const p = file('degenerate.csv', '0.5,0,1\n0.5,0.5,1\n-0.9,0.2,-1\n');
    const id = 'gd-margin-gap-inverse-log-t';
    const [{ outcome }] = await runJobsIsolated([{ key: id, file: `claims/gd-separable/${id}.claim.ts`, id, which: 'data' }], { limitMs: 60_000, concurrency: 1, child: { profile: 'smoke', seed: 3, data: { path: p, rescale: true, intercept: false }, settings: DEFAULT_SETTINGS } });
    expect(outcome.verdict).toBe('error'); // fail-safe: a reader that ignores the kind sees no verdict
    expect(outcome.error).toEqual({ kind: 'not-applicable', name: 'NotApplicable', reason: expect.stringMatching(/^the data are degenerate: support point 1 carries α = 0 in every dual/) });
  }, 60_000);
});
