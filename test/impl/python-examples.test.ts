/**
 * The Python helper (examples/python/claims_protocol.py) and the examples built on it: the hello names the version
 * the harness offered, a Python exception is an {"error"} reply, CLAIMS_PYTHON picks the interpreter, and the
 * PyTorch example (torch.optim in float64) passes the update-rule claims, which compare every step with the
 * textbook rule. The torch parts run when `/usr/bin/python3 -c "import torch"` works and are skipped with a
 * message otherwise (Debian: apt-get install python3-torch).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { check } from '../../src/impl/check.js';
import { protocolImplementation } from '../../src/impl/protocol.js';
import { describeSpec } from '../../src/impl/select.js';
import { logistic } from '../../src/losses/loss.js';
import { marginObjective } from '../../src/optimizers/objectives.js';
import type { Audit } from '../../src/report/audit.js';
import { configure, restoreSettings } from '../../src/harness/settings.js';
import { settingsFromEnv } from '../../src/cli/options.js';

const TORCH_PYTHON = '/usr/bin/python3';
const numpy = spawnSync('python3', ['-c', 'import numpy']).status === 0;
const torch = spawnSync(TORCH_PYTHON, ['-c', 'import torch']).status === 0;
if (!numpy) console.warn('python helper tests skipped: python3 with numpy not found');
if (!torch) console.warn(`PyTorch example tests skipped: \`${TORCH_PYTHON} -c "import torch"\` failed (Debian: apt-get install python3-torch)`);

const saved = { python: process.env.CLAIMS_PYTHON, reports: process.env.CLAIMS_REPORTS_DIR };
afterEach(() => {
  for (const [k, v] of [['CLAIMS_PYTHON', saved.python], ['CLAIMS_REPORTS_DIR', saved.reports]] as const)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

/** Feeds request lines to a child and returns its reply lines, parsed. */
function exchange(command: string[], requests: object[]): Record<string, unknown>[] {
  const r = spawnSync(command[0], command.slice(1), { input: requests.map((q) => JSON.stringify(q)).join('\n') + '\n', encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

describe('CLAIMS_PYTHON picks the interpreter of a .py implementation', () => {
  it('python3 by default, the given one when set (read at the edge into the settings, src/cli/options.ts)', () => {
    const saved = configure(settingsFromEnv({}));
    try {
      expect(describeSpec('examples/python/optimizers.py').target).toMatch(/^python3 ".*examples\/python\/optimizers\.py"$/);
      configure(settingsFromEnv({ CLAIMS_PYTHON: '/usr/bin/python3' }));
      expect(describeSpec('examples/python/optimizers.py').target).toMatch(/^\/usr\/bin\/python3 ".*optimizers\.py"$/);
    } finally {
      restoreSettings(saved);
    }
  });
});

describe.skipIf(!numpy)('the Python helper (claims_protocol.py), through the numpy example', () => {
  const cmd = ['python3', 'examples/python/optimizers.py'];
  it('answers version 1 to a harness that offers only 1, version 2 when offered; an exception is an {"error"} reply and the child goes on', () => {
    const [v1, v2, bad, ok] = exchange(cmd, [
      { op: 'hello', protocol: 'implicit-bias-claims/1' },
      { op: 'hello', protocol: 'implicit-bias-claims/2', versions: ['implicit-bias-claims/1', 'implicit-bias-claims/2'] },
      { op: 'init', opt: 1, role: 'nesterov', hyper: { eta: 0.1 }, w0: [0, 0], dim: 2, n: 2 },
      { op: 'init', opt: 2, role: 'gd', hyper: { eta: 0.1 }, w0: [1, 2], dim: 2, n: 2 },
    ]);
    expect(v1).toEqual({ protocol: 'implicit-bias-claims/1', name: 'numpy gd, adam, perceptron, adaboost, normalized gd (examples/python)', roles: ['gd', 'adam', 'perceptron', 'adaboost', 'normalizedGd'] });
    expect(v2.protocol).toBe('implicit-bias-claims/2');
    expect(bad).toEqual({ error: "KeyError: 'nesterov'" });
    expect(ok).toEqual({ w: [1, 2] });
  });
});

describe.skipIf(!torch)('the PyTorch example (examples/python/torch_optimizers.py)', () => {
  const command = `${TORCH_PYTHON} examples/python/torch_optimizers.py`;
  it('passes the six update-rule claims (every step against the textbook rule; Nesterov in its look-ahead form), controls violated', async () => {
    process.env.CLAIMS_PYTHON = TORCH_PYTHON;
    process.env.CLAIMS_REPORTS_DIR = mkdtempSync(join(tmpdir(), 'claims-torch-'));
    const code = await check({ impl: 'examples/python/torch_optimizers.py', profile: 'smoke', seed: 1, filters: ['update-rule'], quiet: true, html: false, jobs: 1 });
    const a: Audit = JSON.parse(readFileSync(join(process.env.CLAIMS_REPORTS_DIR, 'audit.json'), 'utf8'));
    expect(a.implementation?.roles).toEqual(['gd', 'sgd', 'heavyBall', 'nesterov', 'adagrad', 'rmsprop', 'adam']);
    expect(a.claims.map((c) => [c.id, c.verdict, c.control.verdict])).toEqual(
      ['adagrad', 'adam', 'gd', 'heavy-ball', 'nesterov', 'rmsprop'].map((r) => [`${r}-update-rule`, 'confirmed', 'violated']),
    );
    expect(code).toBe(0);
  }, 240_000);

  it('Nesterov with momentum 0 (which torch refuses) is mapped to plain SGD: the same iterates as gd, bit for bit', async () => {
    const impl = await protocolImplementation(command);
    const [ds] = fc.sample(separableDataset({ n: [5, 5], d: [3, 3] }), { seed: 3, numRuns: 1 });
    const obj = marginObjective(ds, logistic);
    const a = impl.optimizers.nesterov!({ eta: 0.3, momentum: 0 });
    const b = impl.optimizers.gd!({ eta: 0.3 });
    const [sa, sb] = [a.init(new Float64Array(3), obj), b.init(new Float64Array(3), obj)];
    for (let t = 0; t < 200; t++) {
      a.update(sa, obj);
      b.update(sb, obj);
    }
    expect(Array.from(sa.w)).toEqual(Array.from(sb.w));
    expect(Math.hypot(...sa.w)).toBeGreaterThan(0.1); // it moved
  }, 60_000);
});
