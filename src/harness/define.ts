import { registerClaim } from './vitest.js';
import { VERDICTS, type ClaimDefinition } from './types.js';
import { isVerdict } from './verdicts.js';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Declares a claim. Validates the record (exact messages) and, when the file is run as a vitest spec of the
 * `claims` project, registers the gate's test that runs it (src/harness/vitest.ts); imported anywhere else (the
 * CLI, the isolated children, the registry test) it only returns the record.
 */
export function defineClaim(def: ClaimDefinition): ClaimDefinition {
  if (!ID.test(def.id)) throw new Error(`defineClaim: id "${def.id}" must be kebab-case`);
  for (const f of ['title', 'group', 'topic', 'statement', 'measurement', 'expectation'] as const)
    if (!def[f]) throw new Error(`defineClaim(${def.id}): field "${f}" is empty`);
  if (!isVerdict(def.expected)) throw new Error(`defineClaim(${def.id}): expected verdict "${def.expected}" is not one of ${VERDICTS.join(', ')}`);
  if (def.expected !== 'confirmed' && !def.expectedReason)
    throw new Error(`defineClaim(${def.id}): an expected verdict other than "confirmed" needs expectedReason`);
  if (!def.source.seed || !def.source.slide) throw new Error(`defineClaim(${def.id}): source needs seed file and slide heading`);
  if (!def.control?.description) throw new Error(`defineClaim(${def.id}): every claim needs a negative control`);
  registerClaim(def); // only under the vitest gate (src/harness/vitest.ts); a no-op anywhere else
  return def;
}
