import { describe, expect, it } from 'vitest';
import { claim as lossRate } from '../../claims/gd-separable/gd-loss-rate-inverse-t.claim.js';
import { claim as asWritten } from '../../claims/gd-separable/gd-residual-bounded-as-written.claim.js';
import { runCheck } from '../../src/harness/run.js';

// Same seed → same figures (the audit's promise), and one full failure message pinned (STYLE.md, principle 5).
describe('determinism', () => {
  it('the same seed gives the same figures, a different seed different data', async () => {
    const a = await runCheck(lossRate.id, lossRate.check, { profile: 'smoke', seed: 123 });
    const b = await runCheck(lossRate.id, lossRate.check, { profile: 'smoke', seed: 123 });
    const c = await runCheck(lossRate.id, lossRate.check, { profile: 'smoke', seed: 124 });
    expect(a.verdict).toBe('confirmed');
    expect(b.figures).toEqual(a.figures);
    expect(c.figures).not.toEqual(a.figures);
  });
  it('the violation of gd-residual-bounded-as-written at the default seed is pinned, and its replay reproduces it', async () => {
    const o = await runCheck(asWritten.id, asWritten.check, { profile: 'smoke', seed: 20261123 });
    expect(o.verdict).toBe('violated');
    expect({ message: o.message, counterexample: o.counterexample, replay: o.replayCommand }).toMatchSnapshot();
    const replayed = await runCheck(asWritten.id, asWritten.check, { profile: 'smoke', seed: 20261123, path: o.path });
    expect(replayed.verdict).toBe('violated');
    expect(replayed.counterexample).toEqual(o.counterexample);
  });
});
