/**
 * Shards and merge (src/cli/shard.ts, src/cli/merge.ts): the partition by measured cost, the refusals of merge, and
 * end to end — `claims run --shard 1/2` and `2/2` then `claims merge` give, claim by claim (id, verdict, figures,
 * control), the audit of the unsharded run, with every Allure page; the same for `check --impl`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimCosts, parseShard, partition } from '../../src/cli/shard.js';
import { merge, mergeAudits, MergeError } from '../../src/cli/merge.js';
import { check } from '../../src/impl/check.js';
import { mergeFalseAlarms, mergePower } from '../../src/cli/merge-runs.js';
import { power, powerSummary, shardSeeds, type FalseAlarms } from '../../src/impl/power.js';
import { buildAudit, type Audit } from '../../src/report/audit.js';
import type { AuditClaim } from '../../src/report/outcomes.js';
import { TSX_LOADER } from '../../src/cli/package-root.js';
// yaml: installed here as a dependency of allure (a devDependency)
import { parse } from 'yaml';

const WORKFLOW = '.github/workflows/claims-sharded.yml';
type Step = { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, { needs?: string; if?: string; strategy?: { matrix: { shard: number[] } }; steps: Step[] }> };
const workflow = (): Workflow => parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `claims-${p}-`));
const readAudit = (dir: string): Audit => JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
const key = (a: Audit) => a.claims.map((c) => ({ id: c.id, verdict: c.verdict, figures: c.figures, control: c.control.verdict, message: c.message }));
const results = (dir: string) => readdirSync(join(dir, 'allure-results')).filter((f) => f.endsWith('-result.json')).length;

describe('partition by cost', () => {
  it('deals every key to exactly one shard, longest first to the least-loaded shard, whatever the input order', () => {
    const costs = new Map([['a', 10], ['b', 9], ['c', 8], ['d', 7], ['e', 1], ['f', 1]]);
    // longest first: a→1, b→2, c→2 (9 < 10), d→1 (10 < 17), e→1 (17 = 17, lower index), f→2: 18 | 18
    const p = partition(['f', 'e', 'd', 'c', 'b', 'a'], costs, 2);
    const load = [0, 0];
    for (const [k, s] of p) load[s - 1] += costs.get(k)!;
    expect(load).toEqual([18, 18]);
    expect([...p.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(partition(['a', 'b', 'c', 'd', 'e', 'f'], costs, 2)).toEqual(p);
    // by count, 3 shards of 6 equal costs: 2 each
    const even = partition(['a', 'b', 'c', 'd', 'e', 'f'], new Map(), 3);
    expect([1, 2, 3].map((s) => [...even.values()].filter((x) => x === s).length)).toEqual([2, 2, 2]);
  });

  it('a claim without a measured cost counts as the median of the measured ones', () => {
    // measured 1, 2, 100 (median 2); unknown x counts 2: 100 | 2+2+1 … the expensive claim alone on its shard
    const p = partition(['big', 'm1', 'm2', 'x'], new Map([['big', 100], ['m1', 1], ['m2', 2]]), 2);
    expect(p.get('big')).toBe(1);
    expect(['m1', 'm2', 'x'].map((k) => p.get(k))).toEqual([2, 2, 2]);
  });

  it('parses I/K and refuses anything else', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0', '-1/2']) expect(() => parseShard(bad)).toThrow(/--shard must be I\/K/);
  });

  it('reads costs from an audit.json of the same profile, or a costs.json table', () => {
    const dir = tmp('costs');
    const audit = join(dir, 'audit.json');
    writeFileSync(audit, JSON.stringify({ profile: 'smoke', claims: [{ id: 'a', durationMs: 5 }] }));
    expect([...claimCosts('smoke', audit)]).toEqual([['a', 5]]);
    expect(claimCosts('default', audit).size).toBe(0);
    const table = join(dir, 'costs.json');
    writeFileSync(table, JSON.stringify({ default: { a: 7, b: 3 } }));
    expect([...claimCosts('default', table)]).toEqual([['a', 7], ['b', 3]]);
  });
});

const claim = (id: string): AuditClaim => ({ id, group: 'g', verdict: 'confirmed', expected: 'confirmed', asExpected: true, figures: {}, control: { verdict: 'violated', asExpected: true } }) as unknown as AuditClaim;
const shard = (index: number, count: number, ids: string[], seed = 1): Audit => ({ ...buildAudit(ids.map(claim), 'smoke', seed, {}), shard: { index, count, ids } });

describe('merge refuses what is not one run', () => {
  it('names a missing shard, a shard given twice, a claim in two shards, another seed', () => {
    expect(() => mergeAudits([shard(1, 3, ['a']), shard(3, 3, ['b'])])).toThrow(new MergeError('shard 2/3 missing'));
    expect(() => mergeAudits([shard(1, 2, ['a']), shard(1, 2, ['b'])])).toThrow(/shard 1\/2 given twice/);
    expect(() => mergeAudits([shard(1, 2, ['a']), shard(2, 2, ['a'])])).toThrow(/claim a is in #1 and in #2/);
    expect(() => mergeAudits([shard(1, 2, ['a']), shard(2, 2, ['b'], 2)])).toThrow(/seed 2/);
    expect(mergeAudits([shard(2, 2, ['b']), shard(1, 2, ['a'])]).claims.map((c) => c.id)).toEqual(['a', 'b']);
  });
});

describe('power and false-alarm shards', () => {
  const row = (name: string, caught: boolean) => ({ name, role: 'gd', bug: '', caughtBy: caught ? ['x'] : [], verdicts: {}, applicable: 1, byBehaviour: caught });
  it('power tables join in the order of the mutants, counts recomputed; a mutant in two shards is refused', () => {
    const a = { ...powerSummary([row('gd-mean-for-sum', true)], 'smoke', 1), shard: { index: 2, count: 2, ids: ['gd-mean-for-sum'] } };
    const b = { ...powerSummary([row('gd-sign-slip', false)], 'smoke', 1), shard: { index: 1, count: 2, ids: ['gd-sign-slip'] } };
    const m = mergePower([a, b], ['a', 'b']);
    expect(m.mutants.map((r) => r.name)).toEqual(['gd-sign-slip', 'gd-mean-for-sum']);
    expect([m.caught, m.total, m.caughtByBehaviour]).toEqual([1, 2, 1]);
    expect(() => mergePower([a, { ...a, shard: { ...b.shard } }], ['a', 'b'])).toThrow(/mutant gd-mean-for-sum is in two shards/);
  });

  it('power shards of a protocol program keep its name (mutantsFrom); shards of different programs are refused', () => {
    const from = 'examples/python/mutants.py';
    const a = { ...powerSummary([row('gd-mean-for-sum', true)], 'smoke', 1), shard: { index: 2, count: 2, ids: ['gd-mean-for-sum'] }, mutantsFrom: from };
    const b = { ...powerSummary([row('gd-sign-slip', false)], 'smoke', 1), shard: { index: 1, count: 2, ids: ['gd-sign-slip'] }, mutantsFrom: from };
    expect(mergePower([a, b], ['a', 'b']).mutantsFrom).toBe(from);
    expect(() => mergePower([a, { ...b, mutantsFrom: undefined }], ['a', 'b'])).toThrow(/b's power ran the mutants of src\/impl\/mutants\.ts; a's of examples\/python\/mutants\.py/);
  });

  it('false-alarm shards draw the same seeds from --seed and split them; the merge sums checks and alarms', () => {
    expect(shardSeeds(5, 4)).toEqual(shardSeeds(5, 4));
    expect(new Set(shardSeeds(5, 4)).size).toBe(4);
    const seeds = shardSeeds(5, 3);
    const fa = (index: number, mine: number[], alarms: number): FalseAlarms => ({ generatedAt: '', profile: 'smoke', implementations: ['builtin:reference'], seeds: mine, checks: 10 * mine.length, falseViolations: alarms, alarms: Array.from({ length: alarms }, () => ({ impl: 'builtin:reference', seed: mine[0], id: 'x', message: '' })), otherUnexpected: { 'r x: inconclusive': mine }, shard: { index, count: 2, seeds } });
    const m = mergeFalseAlarms([fa(2, [seeds[1]], 1), fa(1, [seeds[0], seeds[2]], 0)], ['a', 'b']);
    expect(m.seeds).toEqual(seeds);
    expect([m.checks, m.falseViolations, m.alarms.length]).toEqual([30, 1, 1]);
    expect(m.otherUnexpected['r x: inconclusive'].sort()).toEqual([...seeds].sort());
    expect(() => mergeFalseAlarms([fa(1, [seeds[0]], 0), { ...fa(2, [seeds[1]], 0), shard: { index: 2, count: 2, seeds: shardSeeds(6, 3) } }], ['a', 'b'])).toThrow(/other seeds/);
  });

  it('power --shard 1/2, 2/2 → merge: the unsharded table (caught by, verdicts) and its page', async () => {
    const root = tmp('power-shards');
    const o = { profile: 'smoke' as const, seed: 7, mutants: ['gd-sign-slip', 'gd-mean-for-sum', 'adam-betas-swapped'], quiet: true };
    const at = async (dir: string, shard?: { index: number; count: number }) => {
      process.env.CLAIMS_REPORTS_DIR = dir;
      try {
        expect(await power({ ...o, shard })).toBe(0);
      } finally {
        delete process.env.CLAIMS_REPORTS_DIR;
      }
      return JSON.parse(readFileSync(join(dir, 'power.json'), 'utf8'));
    };
    const full = await at(join(root, 'full'));
    for (const i of [1, 2]) await at(join(root, `s${i}`), { index: i, count: 2 });
    const m = (await merge([join(root, 's1'), join(root, 's2')], join(root, 'merged'))).power!;
    const table = (p: { mutants: { name: string; caughtBy: string[]; verdicts: unknown }[] }) => p.mutants.map((r) => [r.name, r.caughtBy, r.verdicts]);
    expect(table(m)).toEqual(table(full));
    expect([m.caught, m.total, m.caughtByBehaviour]).toEqual([full.caught, full.total, full.caughtByBehaviour]);
    const pages = readdirSync(join(root, 'merged', 'allure-results')).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(root, 'merged', 'allure-results', f), 'utf8')));
    expect(pages.filter((p) => p.fullName === 'implicit-bias-claims:power-of-the-catalogue').map((p) => p.name)).toEqual([`power-of-the-catalogue: ${full.caught} of ${full.total} deliberately broken implementations caught`]);
  }, 300_000);
});

const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });

describe('sharded = unsharded, end to end (smoke)', () => {
  it('claims run --shard 1/2, 2/2 → the workflow\'s merge step: the unsharded audit claim by claim, every Allure page, the HTML report', () => {
    const root = tmp('shards');
    const filter = 'claims/boosting-perceptron';
    const full = cli(['run', '--profile', 'smoke', '--out', join(root, 'full'), filter]);
    expect(full.status, full.stderr).toBe(0);
    // laid out as the workflow's download-artifact step lays them out: shards/claims-shard-<I>
    const shardDir = (i: number) => join(root, 'shards', `claims-shard-${i}`);
    for (const i of [1, 2]) {
      const r = cli(['run', '--profile', 'smoke', '--shard', `${i}/2`, '--out', shardDir(i), filter]);
      expect(r.status, r.stderr).toBe(0);
      expect(readAudit(shardDir(i)).shard).toMatchObject({ index: i, count: 2 });
    }
    const shardSizes = [1, 2].map((i) => readAudit(shardDir(i)).claims.length);
    expect(shardSizes.every((n) => n > 0)).toBe(true);
    // the workflow's own merge command, run in the folder where the artifacts were downloaded
    const step = workflow().jobs.merge.steps.find((s) => s.name === 'merge')!;
    const command = step.run!.replace(/^npx claims /, `"${process.execPath}" --import ${TSX_LOADER} "${join(process.cwd(), 'src/cli/main.ts')}" `);
    const m = spawnSync('bash', ['-c', command], { cwd: root, encoding: 'utf8' });
    expect(m.status, m.stderr).toBe(0);
    const merged = readAudit(join(root, 'merged'));
    expect(key(merged)).toEqual(key(readAudit(join(root, 'full'))));
    expect(merged.claims).toHaveLength(3);
    expect(merged.shard).toBeUndefined();
    expect(results(join(root, 'merged'))).toBe(results(join(root, 'full')));
    expect(existsSync(join(root, 'merged', 'allure-report', 'index.html'))).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(join(root, 'merged', 'costs.json'), 'utf8')).smoke).sort()).toEqual(merged.claims.map((c) => c.id).sort());
    // a shard missing: refused, exit 2
    const half = cli(['merge', shardDir(1), '--out', join(root, 'half')]);
    expect(half.status).toBe(2);
    expect(half.stderr).toContain('shard 2/2 missing');
  }, 300_000);

  it('check --impl --shard 1/2, 2/2 → merge: the unsharded check, not-applicable claims listed once', async () => {
    const root = tmp('check-shards');
    const o = { impl: 'test/impl/fixtures/gd-ok.mjs', profile: 'smoke' as const, seed: 7, filters: ['gd-loss-rate-inverse-t', 'gd-norm-diverges-like-log-t', 'adam-update-rule'], quiet: true, html: false };
    expect(await check({ ...o, out: join(root, 'full') })).toBe(0);
    for (const i of [1, 2]) expect(await check({ ...o, out: join(root, `s${i}`), shard: { index: i, count: 2 } })).toBe(0);
    const audit = (await merge([join(root, 's1'), join(root, 's2')], join(root, 'merged'), { html: false })).audit!;
    const full = readAudit(join(root, 'full'));
    expect(key(audit)).toEqual(key(full));
    expect(audit.claims).toHaveLength(2);
    expect(audit.implementation).toEqual(full.implementation);
    expect(audit.notApplicable).toEqual(full.notApplicable);
    expect(results(join(root, 'merged'))).toBe(2);
  }, 300_000);
});

describe('the GitHub Actions workflow', () => {
  it('is valid YAML: a matrix of shards, each uploading its folder; a merge job after all of them, downloading and uploading the report', () => {
    const w = workflow();
    expect(Object.keys(w.on)).toContain('workflow_dispatch');
    const shard = w.jobs.shard;
    expect(shard.strategy!.matrix.shard).toEqual([1, 2, 3, 4]);
    const run = shard.steps.find((s) => s.name === 'run shard')!.run!;
    expect(run).toContain('--shard ${{ matrix.shard }}/${{ strategy.job-total }}');
    const out = /--out (\S+)/.exec(run)![1];
    const upload = shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload).toMatchObject({ if: 'always()', with: { name: 'claims-shard-${{ matrix.shard }}', path: out } });
    const merge = w.jobs.merge;
    expect(merge).toMatchObject({ needs: 'shard', if: 'always()' });
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
    expect(download.with).toEqual({ pattern: 'claims-shard-*', path: 'shards' });
    expect(merge.steps.find((s) => s.name === 'merge')!.run).toBe('npx claims merge shards/claims-shard-* --out merged');
    expect(merge.steps.at(-1)).toMatchObject({ uses: 'actions/upload-artifact@v4', with: { name: 'claims-report', path: 'merged' } });
    // the history of earlier reports is restored into the merged folder
    expect(merge.steps.find((s) => s.uses?.startsWith('actions/cache'))!.with!.path).toBe('merged/history');
  });
});
