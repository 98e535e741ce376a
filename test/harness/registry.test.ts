import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueMarkdown } from '../../src/cli/catalogue.js';
import { loadClaims } from '../../src/cli/registry.js';

// The files on disk, the definitions they export and the catalogue users read (claims/README.md) agree.
describe('the claim registry', async () => {
  const claims = await loadClaims();
  it('each file is named after its claim id, ids are unique', () => {
    for (const { file, def } of claims) expect(basename(file)).toBe(`${def.id}.claim.ts`);
    expect(new Set(claims.map((c) => c.def.id)).size).toBe(claims.length);
  });
  it('claims/README.md is the catalogue generated from the files (run `npm run catalogue`)', () => {
    expect(readFileSync('claims/README.md', 'utf8')).toBe(catalogueMarkdown(claims));
  });
  it('every claim cites a seed file and slide, states assumptions, and has a negative control', () => {
    for (const { def } of claims) {
      expect(def.source.seed, def.id).toMatch(/^\d{3}_[0-9a-f]{16}\.txt$/);
      expect(def.assumptions.length, def.id).toBeGreaterThan(0);
      expect(def.control.description.length, def.id).toBeGreaterThan(10);
    }
  });
});
