/**
 * The JSON-lines protocol (docs/protocol.md): the numpy example reproduces our GD and Adam to the last bit, each
 * way a child can fail is a named fault, and the example goes through the real `claims check` path. Needs
 * python3; the numpy parts are skipped with a message when numpy is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { check } from '../../src/impl/check.js';
import { protocolImplementation } from '../../src/impl/protocol.js';
import { reference } from '../../src/impl/reference.js';
import { runGdOnSubject } from '../../src/impl/run-gd-role.js';
import { subjectOf } from '../../src/impl/subject.js';
import { logistic } from '../../src/losses/loss.js';
import { marginObjective } from '../../src/optimizers/objectives.js';
import type { Audit } from '../../src/report/audit.js';
import { configure, restoreSettings, type RuntimeSettings } from '../../src/harness/settings.js';

const python = spawnSync('python3', ['--version']).status === 0;
const numpy = python && spawnSync('python3', ['-c', 'import numpy']).status === 0;
if (!numpy) console.warn(`protocol tests with numpy skipped: ${python ? 'numpy is not installed (pip install numpy)' : 'python3 not found'}`);

const [ds] = fc.sample(separableDataset({ n: [6, 6], d: [3, 3] }), { seed: 5, numRuns: 1 });
const cfg = { loss: logistic, eta: 0.5 };
const tmp = mkdtempSync(join(tmpdir(), 'claims-protocol-'));
/** A child in plain Python (no numpy) that does GD and then misbehaves as told after `after` updates. */
function misbehaving(kind: string, after = 20): string {
  const p = join(tmp, `${kind}.py`);
  writeFileSync(
    p,
    `import json, sys
w = {}
n = 0
for line in sys.stdin:
    r = json.loads(line)
    if r["op"] == "hello":
        out = {"protocol": "implicit-bias-claims/1", "name": "child ${kind}", "roles": ["gd"]}
    elif r["op"] == "init":
        w[r["opt"]] = list(r["w0"]); out = {"w": w[r["opt"]]}
    else:
        n += 1
        w[r["opt"]] = [a - r.get("eta", 0.5) * g for a, g in zip(w[r["opt"]], r["grad"])]
        out = {"w": w[r["opt"]]}
        if n >= ${after}:
            if "${kind}" == "error": out = {"error": "ZeroDivisionError: float division by zero"}
            if "${kind}" == "nan": out = {"w": [float("nan")] + w[r["opt"]][1:]}
            if "${kind}" == "short": out = {"w": w[r["opt"]][1:]}
            if "${kind}" == "garbage": sys.stdout.write("step done\\n"); sys.stdout.flush(); continue
            if "${kind}" == "exit": sys.stderr.write("MemoryError: out of memory\\n"); sys.exit(3)
            if "${kind}" == "hang":
                import time; time.sleep(3600)
    sys.stdout.write(json.dumps(out) + "\\n"); sys.stdout.flush()
`,
  );
  return `python3 ${p}`;
}

describe.skipIf(!python)('the JSON-lines protocol', () => {
  let saved: RuntimeSettings;
  beforeAll(() => {
    saved = configure({ implTimeLimitMs: 4000 }); // the reply timeout of the hang case (the isolated check sets its own)
  });
  afterAll(() => restoreSettings(saved));

  const faults: [string, RegExp][] = [
    ['error', /^\[threw\] child error gd: update threw at step 20: the child reported an error: ZeroDivisionError: float division by zero$/],
    ['nan', /^\[non-finite\] child nan gd: w\[0\] = NaN after step 20$/],
    ['short', /^\[shape\] child short gd: after step 20 state\.w is Float64Array\(2\), expected Float64Array\(3\)$/],
    ['garbage', /^\[protocol\] child garbage: the reply is not a JSON object: "step done"/],
    ['exit', /^\[protocol\] child exit: the child `python3 .*exit\.py` exited \(code 3\); its stderr: MemoryError: out of memory$/],
    ['hang', /^\[timeout\] child hang: no reply to "update" within 4 s/],
  ];
  it.each(faults)('a child that fails (%s) is a named fault of the implementation', async (kind, message) => {
    const impl = await protocolImplementation(misbehaving(kind));
    expect(() => runGdOnSubject(subjectOf(impl), ds.Z, ds.n, ds.d, new Float64Array(3), 100, cfg)).toThrow(message);
  }, 20_000);

  it('a command that does not speak the protocol is refused when it loads', async () => {
    await expect(protocolImplementation('echo hello')).rejects.toThrow(/the child answered|not a JSON object|did not answer the protocol's hello/);
    await expect(protocolImplementation('python3 -c "print(1)"')).rejects.toThrow(/did not answer the protocol's hello|the child answered/);
  });

  describe.skipIf(!numpy)('the numpy example (examples/python/optimizers.py)', () => {
    it('GD and Adam reproduce our reference to the last bit over 3000 steps (the same IEEE operations in the same order)', async () => {
      const impl = await protocolImplementation(`python3 examples/python/optimizers.py`);
      expect(impl.name).toBe('numpy gd, adam, perceptron, adaboost, normalized gd (examples/python)');
      expect(Object.keys(impl.optimizers)).toEqual(['gd', 'adam', 'perceptron', 'adaboost', 'normalizedGd']);
      const obj = marginObjective(ds, logistic);
      for (const role of ['gd', 'adam'] as const) {
        const a = impl.optimizers[role]!({ eta: 0.1 });
        const b = reference.optimizers[role]!({ eta: 0.1 });
        const sa = a.init(new Float64Array(3), obj);
        const sb = b.init(new Float64Array(3), obj);
        for (let t = 0; t < 3000; t++) {
          a.update(sa, obj);
          b.update(sb, obj);
        }
        expect(Array.from(sa.w)).toEqual(Array.from(sb.w));
      }
    });
    it('through `claims check --impl FILE.py --data`: the dataset-generic GD claims confirmed, the implementation in audit.json', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'claims-protocol-check-'));
      const before = process.env.CLAIMS_REPORTS_DIR;
      process.env.CLAIMS_REPORTS_DIR = dir;
      try {
        const code = await check({ impl: 'examples/python/optimizers.py', data: 'test/impl/fixtures/points.csv', profile: 'smoke', seed: 1, filters: ['gd-norm-diverges-like-log-t', 'gd-loss-rate-inverse-t'], quiet: true, html: false, jobs: 1 });
        const a: Audit = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
        expect(a.implementation).toEqual({ name: 'numpy gd, adam, perceptron, adaboost, normalized gd (examples/python)', path: 'examples/python/optimizers.py', roles: ['gd', 'adam', 'adaboost', 'perceptron', 'normalizedGd'] });
        expect(a.claims.map((c) => [c.id, c.verdict])).toEqual([
          ['gd-loss-rate-inverse-t', 'confirmed'],
          ['gd-norm-diverges-like-log-t', 'confirmed'],
        ]);
        expect(code).toBe(0);
      } finally {
        if (before === undefined) delete process.env.CLAIMS_REPORTS_DIR;
        else process.env.CLAIMS_REPORTS_DIR = before;
      }
    }, 180_000);
  });
});

describe.skipIf(!python)('the hello may declare the precision', () => {
  const child = (precision: string) => {
    const p = join(tmp, `hello-${precision}.py`);
    writeFileSync(p, `import json, sys\nfor line in sys.stdin:\n    sys.stdout.write(json.dumps({"protocol": "implicit-bias-claims/1", "name": "p", "roles": ["gd"], "precision": "${precision}"}) + "\\n"); sys.stdout.flush()\n`);
    return `python3 ${p}`;
  };
  it('float32 is taken (the update-rule claims then allow float32 rounding); anything else is refused, named', async () => {
    expect((await protocolImplementation(child('float32'))).precision).toBe('float32');
    await expect(protocolImplementation(child('float16'))).rejects.toThrow(/the hello's precision must be "float64" or "float32", got "float16"/);
  });
});
