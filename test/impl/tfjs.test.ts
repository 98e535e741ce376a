/**
 * TensorFlow.js optimizers as implementations (src/impl/tfjs.ts): each adapter runs the update rule its header
 * documents with the claim's hyperparameters (checked against that rule written out in float64, to float32
 * rounding of the step), the float64 iterate of the default mode against the float32 one, tensors do not leak,
 * and tf.train.sgd goes through `claims check` like any implementation.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { separableDataset } from '../../src/data/separable.js';
import { check } from '../../src/impl/check.js';
import { tfjsImplementation } from '../../src/impl/tfjs.js';
import type { OptimizerRole } from '../../src/impl/interface.js';
import { logistic } from '../../src/losses/loss.js';
import { marginObjective } from '../../src/optimizers/objectives.js';
import type { Objective } from '../../src/optimizers/types.js';
import type { Audit } from '../../src/report/audit.js';

const [ds] = fc.sample(separableDataset({ n: [6, 6], d: [3, 3] }), { seed: 11, numRuns: 1 });
const obj = marginObjective(ds, logistic);

/** The documented rules (src/impl/tfjs.ts header), in float64. */
function rule(role: OptimizerRole, h: Record<string, number>) {
  const d = obj.dim;
  const w = new Float64Array(d);
  const g = new Float64Array(d);
  const a = new Float64Array(d).fill(role === 'adagrad' ? 0.1 : 0);
  const b = new Float64Array(d);
  let t = 0;
  return {
    w,
    step(o: Objective) {
      o.valueAndGrad(w, g);
      t++;
      for (let k = 0; k < d; k++) {
        if (role === 'gd') w[k] -= h.eta * g[k];
        if (role === 'heavyBall') (a[k] = h.momentum * a[k] + g[k]), (w[k] -= h.eta * a[k]);
        if (role === 'nesterov') (a[k] = h.momentum * a[k] + g[k]), (w[k] -= h.eta * (g[k] + h.momentum * a[k]));
        if (role === 'adagrad') (a[k] += g[k] * g[k]), (w[k] -= (h.eta * g[k]) / Math.sqrt(a[k] + 1e-7));
        if (role === 'rmsprop') (a[k] = h.decay * a[k] + (1 - h.decay) * g[k] * g[k]), (w[k] -= (h.eta * g[k]) / Math.sqrt(a[k] + h.eps));
        if (role === 'adam') {
          a[k] = h.beta1 * a[k] + (1 - h.beta1) * g[k];
          b[k] = h.beta2 * b[k] + (1 - h.beta2) * g[k] * g[k];
          w[k] -= (h.eta * (a[k] / (1 - h.beta1 ** t))) / (Math.sqrt(b[k] / (1 - h.beta2 ** t)) + h.eps);
        }
      }
    },
  };
}

describe('TensorFlow.js optimizers as implementations', () => {
  const impl = tfjsImplementation();
  const cases: [OptimizerRole, Record<string, number>][] = [
    ['gd', { eta: 0.7 }],
    ['heavyBall', { eta: 0.2, momentum: 0.8 }],
    ['nesterov', { eta: 0.2, momentum: 0.7 }],
    ['adagrad', { eta: 0.3 }],
    ['rmsprop', { eta: 0.01, decay: 0.8, eps: 1e-6 }],
    ['adam', { eta: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6 }],
  ];
  // 300 steps of a float32 step: relative error of the iterate ≤ 300 · 2^-24 ≈ 2e-5 if the errors all add up
  const TOL = 300 * 2 ** -24;
  it.each(cases)('%s runs the documented tfjs rule with the claim\'s hyperparameters %j (to float32 rounding of each step)', (role, h) => {
    const opt = impl.optimizers[role]!({ eta: h.eta, ...h });
    const s = opt.init(new Float64Array(obj.dim), obj);
    const r = rule(role, h);
    for (let t = 0; t < 300; t++) {
      opt.update(s, obj);
      r.step(obj);
    }
    const scale = Math.max(...Array.from(r.w, Math.abs));
    for (let k = 0; k < obj.dim; k++) expect(Math.abs(s.w[k] - r.w[k]), `${role} w[${k}]: tfjs ${s.w[k]} vs rule ${r.w[k]}`).toBeLessThanOrEqual(TOL * scale);
  });
  it('the default mode keeps the iterate in float64 (tfjs gives each increment); the -f32 mode keeps it in the float32 variable', () => {
    const f64 = impl.optimizers.gd!({ eta: 0.5 });
    const f32 = tfjsImplementation('sgd-f32').optimizers.gd!({ eta: 0.5 });
    const a = f64.init(new Float64Array(obj.dim), obj);
    const b = f32.init(new Float64Array(obj.dim), obj);
    for (let t = 0; t < 50; t++) {
      f64.update(a, obj);
      f32.update(b, obj);
    }
    expect(Array.from(b.w).every((v) => Math.fround(v) === v)).toBe(true);
    expect(Array.from(a.w).some((v) => Math.fround(v) !== v)).toBe(true);
  });
  it('no tensor leaks per step: the count is flat over 1000 updates', () => {
    const opt = impl.optimizers.adam!({ eta: 0.01 });
    const s = opt.init(new Float64Array(obj.dim), obj);
    opt.update(s, obj);
    const before = tf.memory().numTensors;
    for (let t = 0; t < 1000; t++) opt.update(s, obj);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('names the backend and version; `builtin:tfjs-sgd` provides gd and sgd', () => {
    expect(impl.name).toMatch(/^tfjs 4\.\d+\.\d+ \[(wasm|cpu|tensorflow)\]$/);
    expect(Object.keys(tfjsImplementation('sgd').optimizers)).toEqual(['gd', 'sgd']);
    expect(() => tfjsImplementation('lion')).toThrow(/no optimizer "lion"/);
  });
  it('tf.train.sgd through `claims check`: the GD claim with its expected verdict, the implementation named in audit.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-tfjs-'));
    const before = process.env.CLAIMS_REPORTS_DIR;
    process.env.CLAIMS_REPORTS_DIR = dir;
    try {
      const code = await check({ impl: 'builtin:tfjs-sgd', profile: 'smoke', seed: 2, filters: ['gd-loss-rate-inverse-t'], quiet: true, html: false });
      const a: Audit = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));
      expect(a.implementation?.name).toMatch(/^tfjs 4\.\d+\.\d+ sgd \[/);
      expect(a.claims.map((c) => [c.id, c.verdict, c.control.verdict])).toEqual([['gd-loss-rate-inverse-t', 'confirmed', 'violated']]);
      expect(code).toBe(0);
    } finally {
      if (before === undefined) delete process.env.CLAIMS_REPORTS_DIR;
      else process.env.CLAIMS_REPORTS_DIR = before;
    }
  }, 120_000);
});
