/**
 * Every replay command a run prints reproduces its counterexample: for every claim whose expected verdict is
 * "violated" (the statements checked as written), the smoke check is run as `claims run` runs it, its printed
 * replay command is parsed by the CLI's own parser and replayed, and the verdict, figures, message and
 * counterexample must be identical. (validation-loss-rises-while-error-falls used to replay another input: its
 * counterexample is a regression example, path "0", and the replay dropped the examples, so "0" was the first
 * generated input.) A replay that cannot run exits non-zero.
 */
import { describe, expect, it } from 'vitest';
import { loadClaims } from '../../src/cli/registry.js';
import { parseArgs, replayOutcome } from '../../src/cli/main.js';
import { runCheck } from '../../src/harness/run.js';

const SEED = 20261123;
const claims = (await loadClaims()).filter((c) => c.def.expected === 'violated');

/** The arguments of a printed command `npx claims replay <id> --seed S --path "P" --profile Q` (quotes removed). */
function argsOf(command: string): string[] {
  const words = command.match(/"[^"]*"|\S+/g)!.map((w) => w.replace(/^"(.*)"$/, '$1'));
  expect(words.slice(0, 3)).toEqual(['npx', 'claims', 'replay']);
  return words.slice(2);
}

describe('replay commands reproduce their counterexamples', () => {
  it('there are claims expected violated to replay (the statements checked as written)', () => {
    expect(claims.length).toBeGreaterThanOrEqual(8);
  });

  it.each(claims.map((c) => [c.def.id, c] as const))('%s: the printed replay command gives the same verdict, figures and counterexample', async (id, c) => {
    const run = await runCheck(id, c.def.check, { profile: 'smoke', seed: SEED });
    expect(run.verdict).toBe('violated');
    expect(run.replayCommand).toBeDefined();
    const r = await replayOutcome(parseArgs(argsOf(run.replayCommand!)));
    expect(r.code, r.reason).toBe(0);
    expect(r.outcome.verdict).toBe('violated');
    expect(r.outcome.message).toBe(run.message);
    expect(r.outcome.figures).toEqual(run.figures);
    expect(r.outcome.counterexample).toEqual(run.counterexample);
  }, 300_000);

  it('a path fast-check cannot follow exits 2 with the reason; a replay that holds exits 1', async () => {
    const id = 'gd-residual-bounded-as-written';
    const bad = await replayOutcome(parseArgs(['replay', id, '--seed', String(SEED), '--path', 'zz', '--profile', 'smoke']));
    expect(bad.code).toBe(2);
    expect(bad.reason).toMatch(/could not run: .*invalid path=zz/);
    const twin = await replayOutcome(parseArgs(['replay', 'gd-residual-bounded', '--seed', String(SEED), '--path', '0', '--profile', 'smoke']));
    expect(twin.outcome.verdict).toBe('confirmed');
    expect(twin.code).toBe(1);
    expect(twin.reason).toMatch(/reproduced no violation/);
  }, 300_000);
});
