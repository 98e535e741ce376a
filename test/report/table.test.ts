/** The one table printer (src/report/table.ts) and the one replay builder (src/harness/replay.ts). */
import { describe, expect, it } from 'vitest';
import { mutantTable, verdictTable } from '../../src/report/table.js';
import { replayCommand } from '../../src/harness/replay.js';

describe('verdictTable', () => {
  it('pads the columns, marks what is not as expected with " !", says "not run" for a skipped control, lists what did not apply last', () => {
    const lines = verdictTable(
      [
        { id: 'a', verdict: 'confirmed', expected: 'confirmed', asExpected: true, control: { verdict: 'violated', asExpected: true } },
        { id: 'b', verdict: 'error', expected: 'confirmed', asExpected: false, control: { verdict: 'confirmed', asExpected: false } },
        { id: 'c', verdict: 'confirmed', expected: 'confirmed', asExpected: true, control: { verdict: 'inconclusive', asExpected: true, skipped: true } },
      ],
      [{ id: 'd', reason: 'needs the role adam' }],
    );
    expect(lines).toEqual([
      `${'claim'.padEnd(48)} ${'verdict'.padEnd(13)} ${'expected'.padEnd(13)} control`,
      `${'a'.padEnd(48)} ${'confirmed'.padEnd(13)} ${'confirmed'.padEnd(13)} violated`,
      `${'b'.padEnd(48)} ${'error !'.padEnd(13)} ${'confirmed'.padEnd(13)} confirmed !`,
      `${'c'.padEnd(48)} ${'confirmed'.padEnd(13)} ${'confirmed'.padEnd(13)} not run`,
      `${'d'.padEnd(48)} not applicable: needs the role adam`,
    ]);
  });

  it('the mutant table says caught by whom, not caught, or that no claim exercises the role', () => {
    expect(mutantTable([{ name: 'm1', role: 'gd', caughtBy: ['x', 'y'], applicable: 2 }, { name: 'm2', role: 'adam', caughtBy: [], applicable: 3 }, { name: 'm3', role: 'sgd', caughtBy: [], applicable: 0 }])).toEqual([
      `${'mutant'.padEnd(28)} ${'role'.padEnd(10)} caught by`,
      `${'m1'.padEnd(28)} ${'gd'.padEnd(10)} x, y`,
      `${'m2'.padEnd(28)} ${'adam'.padEnd(10)} — not caught`,
      `${'m3'.padEnd(28)} ${'sgd'.padEnd(10)} — no claim exercises this role`,
    ]);
  });
});

describe('replayCommand', () => {
  it('replay with seed, path and profile; --impl when one ran (quoted when it has spaces); check --data on a dataset; none for a control', () => {
    expect(replayCommand({ id: 'x' }, { seed: 7, path: '3:1' }, 'smoke')).toBe('npx claims replay x --seed 7 --path "3:1" --profile smoke');
    expect(replayCommand({ id: 'x', which: 'claim', impl: 'm.mjs' }, { seed: 7 }, 'default')).toBe('npx claims replay x --impl m.mjs --seed 7 --profile default');
    expect(replayCommand({ id: 'x', impl: 'cmd:python3 a.py' }, { seed: 1 }, 'smoke')).toBe('npx claims replay x --impl "cmd:python3 a.py" --seed 1 --profile smoke');
    expect(replayCommand({ id: 'x', which: 'data', data: 'p.csv', impl: 'm.mjs' }, { seed: 2, path: '0' }, 'smoke')).toBe('npx claims check --data p.csv --impl m.mjs --profile smoke --seed 2 x');
    expect(replayCommand({ id: 'x', which: 'control' }, { seed: 2, path: '0' }, 'smoke')).toBeUndefined();
  });
});
