import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClaimDefinition } from '../harness/types.js';
import { PACKAGE_ROOT } from './package-root.js';

/** Every claim file of the package: claims/<group>/<id>.claim.ts, relative to the package root (PACKAGE_ROOT). */
export function claimFiles(root = 'claims'): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(join(PACKAGE_ROOT, dir)).sort()) {
      const p = join(dir, f);
      if (statSync(join(PACKAGE_ROOT, p)).isDirectory()) walk(p);
      else if (f.endsWith('.claim.ts')) out.push(p);
    }
  };
  walk(root);
  return out;
}

/** Loads every claim definition (importing a claim file outside vitest only returns its record). */
export async function loadClaims(root = 'claims'): Promise<{ file: string; def: ClaimDefinition }[]> {
  const files = claimFiles(root);
  const mods = await Promise.all(files.map((f) => import(pathToFileURL(join(PACKAGE_ROOT, f)).href)));
  return mods.map((m, i) => {
    const def = m.claim as ClaimDefinition | undefined;
    if (!def) throw new Error(`${files[i]} does not export \`claim\` (defineClaim({...}))`);
    return { file: files[i], def };
  });
}
