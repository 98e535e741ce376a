/**
 * `claims check --data` on real data: the fixtures of test/fixtures/datasets (public datasets exported once from
 * scikit-learn, and Soudry et al. 2018's Fig. 1 points). Every dataset-generic claim must decide — confirmed, or
 * inconclusive naming the horizon that would — never a false "violated", never "not applicable" for a reason the
 * theorems do not assume, never an error on separable data.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/impl/check.js';
import { DataError, loadUserData } from '../../src/impl/data-file.js';
import type { Audit } from '../../src/report/audit.js';

const DIR = 'test/fixtures/datasets';
const GENERIC = [
  'gd-direction-converges-to-max-margin', 'gd-direction-rate-inverse-log-t', 'gd-logistic-risk-bound', 'gd-loss-rate-inverse-t',
  'gd-margin-gap-inverse-log-t', 'gd-norm-diverges-like-log-t', 'max-margin-is-combination-of-support-vectors', 'train-longer-keeps-improving-margin',
];
let dir: string;
const before = process.env.CLAIMS_REPORTS_DIR;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'claims-real-'));
  process.env.CLAIMS_REPORTS_DIR = dir;
});
afterEach(() => {
  if (before === undefined) delete process.env.CLAIMS_REPORTS_DIR;
  else process.env.CLAIMS_REPORTS_DIR = before;
});
const thrownBy = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
};

async function checkFixture(name: string, opts: { intercept?: boolean } = {}): Promise<Audit> {
  await check({ data: `${DIR}/${name}`, profile: 'smoke', seed: 20261123, filters: GENERIC, quiet: true, html: false, ...opts });
  return JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
}

describe('the fixtures load as documented in their README', () => {
  it('separable ones load with their max margin; Iris versicolor/virginica is refused (not even with an intercept); Wine cultivar 2 standardized needs --intercept', () => {
    expect(loadUserData(`${DIR}/iris-setosa-vs-rest.csv`).gammaBar).toBeCloseTo(0.0668815, 6);
    expect(loadUserData(`${DIR}/wine-class0-vs-rest.csv`).gammaBar).toBeCloseTo(3.8293e-5, 8);
    expect(loadUserData(`${DIR}/soudry-fig1.csv`).ds.n).toBe(4);
    const vv = thrownBy(() => loadUserData(`${DIR}/iris-versicolor-vs-virginica.csv`));
    expect(vv).toBeInstanceOf(DataError);
    expect(vv.message).toMatch(/not linearly separable through the origin/);
    expect(vv.message).not.toMatch(/try --intercept/);
    const w2 = thrownBy(() => loadUserData(`${DIR}/wine-class2-vs-rest-standardized.csv`));
    expect(w2.message).toMatch(/They are separable with an intercept .*: try --intercept$/);
    const u = loadUserData(`${DIR}/wine-class2-vs-rest-standardized.csv`, { intercept: true });
    expect(u.ds.d).toBe(14);
    expect(u.notes[0]).toMatch(/^appended a constant coordinate x_14 = 1 to every point \(--intercept\)/);
  });
  it('labels given as words: "labels must be −1 or +1" (CSV without or with a header, JSON)', () => {
    const p = join(dir, 'words.csv');
    writeFileSync(p, '5.1,3.5,setosa\n4.9,3.0,setosa\n6.3,3.3,virginica\n');
    expect(thrownBy(() => loadUserData(p)).message).toBe(`${p}: line 1: the label is "setosa"; labels must be −1 or +1 (map each class to one of them, e.g. one class against the rest)`);
    writeFileSync(p, 'a,b,species\n5.1,3.5,setosa\n');
    expect(thrownBy(() => loadUserData(p)).message).toMatch(/line 2: the label is "setosa"; labels must be −1 or \+1/);
    const j = join(dir, 'words.json');
    writeFileSync(j, JSON.stringify({ X: [[1, 0]], y: ['cat'] }));
    expect(thrownBy(() => loadUserData(j)).message).toMatch(/label y\[0\] is "cat"; labels must be −1 or \+1/);
  });
});

describe('every dataset-generic claim decides on real data (smoke)', () => {
  const noFalseVerdicts = (a: Audit) => {
    for (const c of a.claims) expect(['confirmed', 'inconclusive'], `${c.id}: ${c.verdict}: ${c.message}`).toContain(c.verdict);
    expect(a.notApplicable!.filter((c) => GENERIC.includes(c.id))).toEqual([]);
    expect(a.claims.map((c) => c.id).sort()).toEqual(GENERIC);
  };
  it('Soudry et al. Fig. 1 (every z twice): all 8 confirmed by GD — duplicates are not degeneracy', async () => {
    const a = await checkFixture('soudry-fig1.csv');
    noFalseVerdicts(a);
    for (const c of a.claims) expect(c.verdict, `${c.id}: ${c.message}`).toBe('confirmed');
    for (const c of a.claims.filter((c) => c.id.startsWith('gd-'))) expect(c.decidedBy).toMatch(/^GD on logistic loss/);
  }, 120_000);
  it('Iris setosa vs rest (a point 0.09 from the margin): all 8 confirmed, the asymptotic ones by the flow to 1e30', async () => {
    const a = await checkFixture('iris-setosa-vs-rest.csv');
    noFalseVerdicts(a);
    for (const c of a.claims) expect(c.verdict, `${c.id}: ${c.message}`).toBe('confirmed');
    expect(a.claims.find((c) => c.id === 'gd-direction-converges-to-max-margin')!.decidedBy).toMatch(/^gradient flow .* to t = 1e30/);
  }, 120_000);
  it('Wine raw (γ̄ = 3.8e-5): inconclusive naming the horizon the data need, never violated; the dual is certified', async () => {
    const a = await checkFixture('wine-class0-vs-rest.csv');
    noFalseVerdicts(a);
    const by = Object.fromEntries(a.claims.map((c) => [c.id, c]));
    expect(by['max-margin-is-combination-of-support-vectors'].verdict).toBe('confirmed');
    expect(by['train-longer-keeps-improving-margin'].verdict).toBe('inconclusive');
    expect(by['train-longer-keeps-improving-margin'].message).toMatch(/did not go below ℓ\(0\) = ln 2 within T = 1e\+5 .* L < ln 2 is guaranteed from T ≈ \d\.\de\+\d+; a horizon of that order decides/);
    for (const id of ['gd-direction-converges-to-max-margin', 'gd-norm-diverges-like-log-t', 'gd-loss-rate-inverse-t', 'gd-direction-rate-inverse-log-t', 'gd-margin-gap-inverse-log-t']) {
      expect(by[id].verdict).toBe('inconclusive');
      expect(by[id].message).toMatch(/the data need T ≈ \d\.\de\+\d+ GD steps .*would decide/);
      expect(by[id].figures.horizonNeeded).toBeGreaterThan(1e10);
    }
  }, 120_000);
});
