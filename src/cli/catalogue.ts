/**
 * Writes claims/README.md, the catalogue as users see it, from the claim definitions on disk
 * (`npm run catalogue`). A unit test fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import type { ClaimDefinition } from '../harness/types.js';
import { loadClaims } from './registry.js';

/** The guide at the top of claims/README.md (kept here, with the generator, so that it is regenerated with the table). */
export const ADDING_A_CLAIM = [
  '## Adding a claim',
  '',
  'A claim is one file, and adding one touches that file and at most one source entry:',
  '',
  '1. Write `claims/<group>/<id>.claim.ts` exporting `claim = defineClaim({ ... })` (src/harness/define.ts; the file is named',
  '   after the id). Nothing lists the files: the vitest gate (`claims/**/*.claim.ts`), the CLI, `check`, `power` and the',
  '   report find them by walking `claims/` (src/cli/registry.ts).',
  '2. Cite the lecture: `source` names a seed file and slide (helpers in src/experiments/sources.ts). A paper not yet in',
  '   `PAPERS` there is the one source entry you add.',
  '3. Run the method under test through the subject, never by importing src/optimizers: `ctx.subject.optimizer(role,',
  '   hyper, [data])` or `ctx.subject.run(role, hyper, obj, w0, T, onCheckpoint)`, and list every such role in `roles` —',
  '   `claims check --impl` runs a claim exactly when the module provides its roles, and `power` runs the mutants of those',
  '   roles against it. A claim about data or a solver has no roles.',
  '4. Decide with the rules of src/harness/rules.ts (limit, rate, bound, monotone) and write `expectation` from them',
  '   (`limitRuleText`, `rateRuleText`, `boundRuleText`, `monotoneRuleText`), so the text states the constants the code',
  '   applies. Throw `ClaimViolation` only for a refutation no longer horizon could undo, `Inconclusive` naming the budget',
  '   that would decide; put the reasoning for every tolerance beside its constant.',
  '5. Give it a negative control that must come out violated: a variant built from the wrappers of src/impl/wrappers.ts',
  '   (`withWeightDecay`, `withProjection`, `withPerturbation`) around the subject, another objective, or a mutant of',
  '   src/impl/mutants.ts run as the subject (`control: mutantControl(key, (ctx) => …)`, src/impl/mutant-control.ts,',
  '   which declares `runs: \'mutant\'` so that `check` never blames the user\'s implementation for it).',
  '6. `npx vitest run --project claims claims/<group>/<id>.claim.ts` (smoke: the check and its control), then',
  '   `npm run catalogue` to regenerate this file (a unit test fails while it is stale).',
  '',
  'A new optimizer role takes more, all of it new code rather than lists to keep in step: the kernel',
  '(src/optimizers/<role>.ts and its export in index.ts), the role in `ROLES` (src/impl/interface.ts) and its factory in',
  'src/impl/reference.ts, a contract row in test/optimizers/table.ts, two or more mutants in src/impl/mutants.ts, and an',
  'update-rule claim (claims/update-rules/, its rule written apart from the kernel).',
];

export function catalogueMarkdown(claims: { file: string; def: ClaimDefinition }[]): string {
  const groups = new Map<string, { file: string; def: ClaimDefinition }[]>();
  for (const c of claims) groups.set(c.def.group, [...(groups.get(c.def.group) ?? []), c]);
  const lines = [
    '# The catalogue of claims',
    '',
    'Generated from the claim files by `npm run catalogue`; do not edit by hand. Each claim is one file; its id states the',
    'property. "Expected" is the verdict a correct implementation should get (a hypothesis, recorded as data).',
    '',
    ...ADDING_A_CLAIM,
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
