/**
 * Writes claims/README.md, the catalogue as users see it, from the claim definitions on disk
 * (`npm run catalogue`). A unit test fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import type { ClaimDefinition } from '../harness/types.js';
import { loadClaims } from './registry.js';

export function catalogueMarkdown(claims: { file: string; def: ClaimDefinition }[]): string {
  const groups = new Map<string, { file: string; def: ClaimDefinition }[]>();
  for (const c of claims) groups.set(c.def.group, [...(groups.get(c.def.group) ?? []), c]);
  const lines = [
    '# The catalogue of claims',
    '',
    'Generated from the claim files by `npm run catalogue`; do not edit by hand. Each claim is one file; its id states the',
    'property. "Expected" is the verdict a correct implementation should get (a hypothesis, recorded as data).',
    '',
  ];
  for (const [group, cs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`## ${group}`, '', '| id | statement | source | expected |', '|---|---|---|---|');
    for (const { file, def } of cs.sort((a, b) => a.def.id.localeCompare(b.def.id))) {
      const src = `${def.source.lecture}, "${def.source.slide}"${def.source.theorem ? `; ${def.source.theorem}` : ''}`;
      lines.push(`| [\`${def.id}\`](${file.replace(/^claims\//, '')}) | ${def.statement.replace(/\|/g, '\\|')} | ${src.replace(/\|/g, '\\|')} | ${def.expected} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('catalogue.ts')) {
  loadClaims().then((cs) => {
    writeFileSync('claims/README.md', catalogueMarkdown(cs));
    console.log(`claims/README.md: ${cs.length} claims`);
  });
}
