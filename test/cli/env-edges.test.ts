/**
 * Environment variables are read at the edges only (src/cli/options.ts, the vitest gate src/harness/vitest.ts):
 * everything else receives the one options object, the isolated children over IPC. This test reads every source
 * file under src/ and fails on an environment read anywhere else, naming the file and line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, resolveOptions, settingsFromEnv } from '../../src/cli/options.js';
import { DEFAULT_PROFILE, DEFAULT_SEED } from '../../src/harness/profile.js';

/** The edges: the command line's folder and the vitest gate's entry. */
const EDGES = [/^src\/cli\//, /^src\/harness\/vitest\.ts$/];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|mts|js|mjs)$/.test(f) ? [p] : [];
  });
}

/** `process.env.CLAIMS_…`, `process.env['CLAIMS_…']`, and any other read of process.env (a copy passed down counts). */
const ENV_READ = /process\.env\b/;

describe('environment variables are read at the edges only', () => {
  it('no source file under src/ outside src/cli/ and src/harness/vitest.ts mentions process.env', () => {
    const offenders = sources('src')
      .filter((f) => !EDGES.some((e) => e.test(f)))
      .flatMap((f) => readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (ENV_READ.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])));
    expect(offenders).toEqual([]);
  });

  it('the pattern sees the reads it is meant to see (so the test above can fail)', () => {
    for (const line of ["const p = process.env.CLAIMS_PYTHON || 'python3';", "process.env['CLAIMS_HEAP_MB']", 'const env = { ...process.env };'])
      expect(ENV_READ.test(line), line).toBe(true);
    // the edges themselves do read it
    expect(ENV_READ.test(readFileSync('src/cli/options.ts', 'utf8'))).toBe(true);
  });
});

describe('the one options object', () => {
  it('the environment gives the defaults, the command line overrides them; one default profile', () => {
    const env = { CLAIMS_PROFILE: 'thorough', CLAIMS_SEED: '5', CLAIMS_REPORTS_DIR: '/tmp/r', CLAIMS_HEAP_MB: '512', CLAIMS_PYTHON: '/usr/bin/python3', CLAIMS_TF_BACKEND: 'cpu', CLAIMS_BATCHED: '0', CLAIMS_QUIET: '1' };
    const o = parseArgs(['check', '--impl', 'm.mjs', '--profile', 'smoke', '--data', 'd.csv', '--intercept', 'gd-'], env);
    expect(o).toMatchObject({ command: 'check', positional: ['gd-'], profile: 'smoke', profileGiven: true, seed: 5, seedGiven: true, impl: ['m.mjs'], reports: '/tmp/r', heapMb: 512, timeLimitS: 300 });
    expect(o.data).toEqual({ path: 'd.csv', rescale: true, intercept: true });
    expect(o.settings).toEqual({ python: '/usr/bin/python3', tfBackend: 'cpu', batched: false, quiet: true, implTimeLimitMs: 60_000 });
    expect(parseArgs(['run', '--out', 'x'], env)).toMatchObject({ out: 'x', reports: 'x', profile: 'thorough', timeLimitS: 7200 });
    expect(parseArgs(['power'], {})).toMatchObject({ profile: DEFAULT_PROFILE, profileGiven: false, seed: DEFAULT_SEED, reports: 'reports' });
    expect(resolveOptions({}, {}).profile).toBe('default');
  });

  it('a bad value in the environment is named as such', () => {
    expect(() => parseArgs(['run'], { CLAIMS_PROFILE: 'fast' })).toThrow('CLAIMS_PROFILE must be one of smoke, default, thorough; got "fast"');
    expect(() => parseArgs(['run'], { CLAIMS_SEED: 'x' })).toThrow('CLAIMS_SEED must be an integer; got "x"');
    expect(() => parseArgs(['run'], { CLAIMS_HEAP_MB: '-1' })).toThrow(/CLAIMS_HEAP_MB must be a positive number/);
    expect(() => settingsFromEnv({ CLAIMS_TF_BACKEND: 'gpu' })).toThrow(/CLAIMS_TF_BACKEND must be tensorflow, wasm or cpu/);
  });
});
