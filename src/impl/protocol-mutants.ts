/**
 * Mutants in another language (`claims power --impl-mutants SPEC`): a program speaking docs/protocol.md that
 * serves one deliberately broken optimizer per run, named by its last argument, and lists them with `--list`
 * (a JSON array of { name, role, bug } on stdout) — examples/python/mutants.py. Each mutant runs as the
 * implementation under test `cmd:COMMAND NAME` through the same engine as the JavaScript mutants; it serves its
 * role only, and the subject runs our reference for the other roles a claim exercises (src/impl/subject.ts), so a
 * protocol mutant is, like a JavaScript one, the reference with one role broken.
 */
import { spawnSync } from 'node:child_process';
import { extname, isAbsolute, resolve } from 'node:path';
import { ROLES, type OptimizerRole } from './interface.js';

/** A mutant of a protocol program: its name, role, bug, and the --impl spec that runs it. */
export interface ProtocolMutant {
  key: string;
  role: OptimizerRole;
  bug: string;
  impl: string;
}

/** Why a mutant program could not be listed (the CLI's exit 2). */
export class MutantListError extends Error {}

/** Mutant names are passed through the shell: lower-case words and hyphens only. */
const NAME = /^[a-z0-9][a-z0-9-]*$/;
/** Time to start the interpreter, import numpy and print the list. */
const LIST_TIMEOUT_MS = 60_000;

/** The command of a mutant program: `cmd:COMMAND`, or a .py file run by `python` (CLAIMS_PYTHON), from `cwd`. */
export function mutantCommand(spec: string, python: string, cwd = process.cwd()): string {
  if (spec.startsWith('cmd:') && spec.slice(4).trim()) return spec.slice(4).trim();
  if (extname(spec).toLowerCase() === '.py') return `${python} ${JSON.stringify(isAbsolute(spec) ? spec : resolve(cwd, spec))}`;
  throw new MutantListError(`--impl-mutants takes a .py file or cmd:COMMAND; got "${spec}"`);
}

/** Runs `COMMAND --list` and checks its answer: a non-empty array of distinct { name, role, bug }. */
export function listProtocolMutants(spec: string, python: string): ProtocolMutant[] {
  const command = mutantCommand(spec, python);
  const r = spawnSync('sh', ['-c', `${command} --list`], { encoding: 'utf8', timeout: LIST_TIMEOUT_MS, killSignal: 'SIGKILL' });
  const stderr = (r.stderr ?? '').trim().split('\n').slice(-5).join(' | ');
  if (r.error || r.status !== 0) throw new MutantListError(`\`${command} --list\` failed (${r.error?.message ?? (r.signal ? `killed by ${r.signal}` : `exit ${r.status}`)}): ${stderr || '(no stderr)'}`);
  let list: unknown;
  try {
    list = JSON.parse(r.stdout);
  } catch {
    throw new MutantListError(`\`${command} --list\` printed no JSON array: ${JSON.stringify(r.stdout.slice(0, 200))}`);
  }
  if (!Array.isArray(list) || list.length === 0) throw new MutantListError(`\`${command} --list\` must print a non-empty JSON array of {name, role, bug}; got ${JSON.stringify(list).slice(0, 200)}`);
  const seen = new Set<string>();
  return list.map((m: { name?: unknown; role?: unknown; bug?: unknown }, i) => {
    const what = `\`${command} --list\`, entry ${i}`;
    if (typeof m?.name !== 'string' || !NAME.test(m.name)) throw new MutantListError(`${what}: the name must match ${NAME}; got ${JSON.stringify(m?.name)}`);
    if (seen.has(m.name)) throw new MutantListError(`${what}: the name ${m.name} is listed twice`);
    seen.add(m.name);
    if (!(ROLES as readonly unknown[]).includes(m.role)) throw new MutantListError(`${what} (${m.name}): unknown role ${JSON.stringify(m.role)} (roles: ${ROLES.join(', ')})`);
    if (typeof m.bug !== 'string' || !m.bug.trim()) throw new MutantListError(`${what} (${m.name}): no bug described`);
    return { key: m.name, role: m.role as OptimizerRole, bug: m.bug, impl: `cmd:${command} ${m.name}` };
  });
}
