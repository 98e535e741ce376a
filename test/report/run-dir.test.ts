import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRunDir, newRunId, pruneRuns, withLock, writeFileAtomic } from '../../src/report/run-dir.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'claims-lock-'));

describe('run directories and the reports lock', () => {
  it('run ids differ between processes started in the same millisecond and sort by time', () => {
    const t = new Date('2026-12-06T12:00:00.000Z');
    expect(newRunId(t, 1)).not.toBe(newRunId(t, 2));
    expect([newRunId(new Date('2026-12-06T12:00:01Z'), 1), newRunId(t, 9)].sort()[0]).toBe(newRunId(t, 9));
  });

  it('two runs of one process started in the same millisecond get two directories', () => {
    const dir = fresh();
    const t = new Date('2026-12-06T12:00:00.000Z');
    const [a, b] = [newRunDir(dir, t), newRunDir(dir, t)];
    expect(b.id).toBe(`${a.id}-1`);
    expect(readdirSync(join(dir, 'runs')).sort()).toEqual([a.id, b.id]);
  });

  it('withLock runs the function and releases the lock, also when it throws', () => {
    const dir = fresh();
    expect(withLock(dir, () => existsSync(join(dir, '.lock')))).toBe(true);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
    expect(() => withLock(dir, () => { throw new Error('boom'); })).toThrow('boom');
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('a lock held by a live process is waited for (here: until the time-out, naming the holder)', () => {
    const dir = fresh();
    writeFileSync(join(dir, '.lock'), String(process.pid));
    expect(() => withLock(dir, () => 1, 500)).toThrow(new RegExp(`locked by process ${process.pid}`));
  });

  it('a lock whose owner process is gone is taken over', () => {
    const dir = fresh();
    writeFileSync(join(dir, '.lock'), '2147483646'); // no such process
    expect(withLock(dir, () => 'ran', 500)).toBe('ran');
  });

  it('writeFileAtomic leaves no temporary file; pruneRuns keeps the newest finished runs and never an unfinished one', () => {
    const dir = fresh();
    writeFileAtomic(join(dir, 'a.json'), '{}');
    expect(readdirSync(dir)).toEqual(['a.json']);
    for (let i = 0; i < 5; i++) {
      mkdirSync(join(dir, 'runs', `r${i}`), { recursive: true });
      if (i !== 0) writeFileSync(join(dir, 'runs', `r${i}`, 'audit.json'), '{}');
    }
    expect(pruneRuns(dir, 2)).toEqual(['r1', 'r2']);
    expect(readdirSync(join(dir, 'runs')).sort()).toEqual(['r0', 'r3', 'r4']);
    // the runs of power and false-alarms finish with their own file
    for (const [i, f] of [[5, 'power.json'], [6, 'false-alarms.json']] as const) {
      mkdirSync(join(dir, 'runs', `r${i}`));
      writeFileSync(join(dir, 'runs', `r${i}`, f), '{}');
    }
    expect(pruneRuns(dir, 2)).toEqual(['r3', 'r4']);
  });
});
