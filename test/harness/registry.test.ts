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

// Adding a claim touches its own file only: a claim file dropped into a claims tree is found, loaded and catalogued
// with no list edited anywhere (the registry walks the tree).
describe('adding a claim', () => {
  it('a new claim file in a new group is discovered and catalogued without touching any list', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { join, relative } = await import('node:path');
    const root = mkdtempSync(join(process.cwd(), 'claims-tmp-'));
    try {
      mkdirSync(join(root, 'new-group'));
      const define = relative(join(root, 'new-group'), join(process.cwd(), 'src/harness/define.js'));
      writeFileSync(
        join(root, 'new-group', 'one-plus-one-is-two.claim.ts'),
        `import { defineClaim } from '${define}';
export const claim = defineClaim({
  id: 'one-plus-one-is-two', title: '1 + 1 = 2', group: 'Z. A new group', topic: 'arithmetic',
  source: { seed: '000_0251b693439ede5e.txt', lecture: 'x', slide: 'y' },
  statement: '1 + 1 = 2', assumptions: ['none'], measurement: 'the sum', expectation: 'confirmed when it is 2', expected: 'confirmed',
  check: async () => ({ verdict: 'confirmed', message: 'ok', figures: {}, trials: 1, seed: 0, durationMs: 0 }),
  control: { description: 'a sum that is 3 instead', check: async () => ({ verdict: 'violated', message: 'no', figures: {}, trials: 1, seed: 0, durationMs: 0 }) },
});
`,
      );
      const found = await loadClaims(relative(process.cwd(), root));
      expect(found.map((c) => c.def.id)).toEqual(['one-plus-one-is-two']);
      expect(catalogueMarkdown(found)).toContain('| [`one-plus-one-is-two`](');
      expect(catalogueMarkdown(found)).toContain('## Z. A new group');
    } finally {
      const { rmSync } = await import('node:fs');
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the catalogue opens with the guide to adding a claim', () => {
    expect(readFileSync('claims/README.md', 'utf8')).toContain('## Adding a claim');
  });
});
