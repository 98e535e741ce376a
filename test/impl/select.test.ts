import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadImplementation } from '../../src/impl/select.js';

const dir = mkdtempSync(join(tmpdir(), 'claims-select-'));
const moduleWith = (file: string, precision: string | null) => {
  const path = join(dir, file);
  writeFileSync(path, `${precision === null ? '' : `export const precision = ${JSON.stringify(precision)};\n`}export const optimizers = { gd: ({ eta }) => ({ name: 'gd', params: { eta }, init: (w0) => ({ w: Float64Array.from(w0), t: 0 }), update(s) { s.t++; } }) };\n`);
  return path;
};

describe('loadImplementation: the declared precision', () => {
  it('defaults to float64 (undefined) and takes float32 when the module says so', async () => {
    expect((await loadImplementation(moduleWith('plain.mjs', null)))!.precision).toBeUndefined();
    expect((await loadImplementation(moduleWith('f32.mjs', 'float32')))!.precision).toBe('float32');
  });
  it('refuses any other value, naming it', async () => {
    await expect(loadImplementation(moduleWith('f16.mjs', 'float16'))).rejects.toThrow(/`precision` must be 'float64' or 'float32', got "float16"/);
  });
});

describe('loadImplementation: no module state', () => {
  it('returns the implementation without installing it anywhere: an unnamed spec is null, and loading one leaves another untouched', async () => {
    expect(await loadImplementation('')).toBeNull();
    const a = await loadImplementation(moduleWith('a.mjs', null));
    const b = await loadImplementation(moduleWith('b.mjs', 'float32'));
    expect(a).not.toBe(b);
    expect(a!.precision).toBeUndefined();
    const select = await import('../../src/impl/select.js');
    expect(Object.keys(select).sort()).toEqual(['describeSpec', 'loadImplementation', 'rolesOf']);
  });
});
