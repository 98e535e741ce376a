import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClaimDefinition } from '../harness/types.js';

/** Every claim file on disk: claims/<group>/<id>.claim.ts. */
export function claimFiles(root = 'claims'): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.claim.ts')) out.push(p);
    }
  };
  walk(root);
  return out;
}

/** Loads every claim definition (importing a claim file outside vitest only returns its record). */
export async function loadClaims(root = 'claims'): Promise<{ file: string; def: ClaimDefinition }[]> {
  const files = claimFiles(root);
  const mods = await Promise.all(files.map((f) => import(pathToFileURL(join(process.cwd(), f)).href)));
  return mods.map((m, i) => {
    const def = m.claim as ClaimDefinition | undefined;
    if (!def) throw new Error(`${files[i]} does not export \`claim\` (defineClaim({...}))`);
    return { file: relative(process.cwd(), files[i]), def };
  });
}
