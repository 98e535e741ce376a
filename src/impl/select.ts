import { existsSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { settings } from '../harness/settings.js';
import { EXTENSIONS, ROLES, type Implementation, type OptimizerRole } from './interface.js';
import { ImplementationRefused } from './faults.js';

/**
 * What CLAIMS_IMPL (and `claims check --impl`) accepts:
 * - a path to a .ts/.js/.mjs module exporting `optimizers` (factories by role) and optionally `name`;
 * - a path to a .py file: a child process `python3 FILE` speaking the JSON-lines protocol (docs/protocol.md),
 *   the interpreter of the run's settings (`python`: CLAIMS_PYTHON at the CLI, e.g. /usr/bin/python3);
 * - `cmd:COMMAND ARGS…`: any child process speaking that protocol;
 * - `builtin:NAME`: an implementation of this project (src/impl/builtins.ts: reference, tfjs, tfjs-sgd, …,
 *   mutant:NAME).
 */
export function describeSpec(spec: string): { kind: 'module' | 'protocol' | 'builtin'; target: string } {
  if (spec.startsWith('builtin:')) return { kind: 'builtin', target: spec.slice('builtin:'.length) };
  if (spec.startsWith('cmd:')) return { kind: 'protocol', target: spec.slice('cmd:'.length).trim() };
  if (extname(spec).toLowerCase() === '.py') return { kind: 'protocol', target: `${settings().python} ${JSON.stringify(absolute(spec))}` };
  return { kind: 'module', target: absolute(spec) };
}

function absolute(p: string): string {
  return isAbsolute(p) ? p : resolve(process.cwd(), p);
}

/**
 * Loads the implementation named by `spec` (see describeSpec) and checks its shape, naming
 * what is wrong; null when none is named (the claims then run our reference). Nothing is installed anywhere: the
 * runner makes the subject under test of it (src/impl/subject.ts) and passes it in the claims' context.
 */
export async function loadImplementation(spec: string | undefined): Promise<Implementation | null> {
  if (!spec) return null;
  const { kind, target } = describeSpec(spec);
  let impl: Implementation;
  if (kind === 'builtin') {
    const { builtinImplementation } = await import('./builtins.js');
    impl = await builtinImplementation(target);
  } else if (kind === 'protocol') {
    const { protocolImplementation } = await import('./protocol.js');
    impl = await protocolImplementation(target);
  } else {
    if (!existsSync(target)) throw new ImplementationRefused(spec, `no such file`);
    let mod: Record<string, unknown>;
    try {
      mod = await import(pathToFileURL(target).href);
    } catch (e) {
      throw new ImplementationRefused(spec, `cannot load the module: ${(e as Error).message}`);
    }
    impl = { name: typeof mod.name === 'string' ? mod.name : spec, optimizers: mod.optimizers as Implementation['optimizers'] };
    if (mod.precision !== undefined) {
      if (mod.precision !== 'float64' && mod.precision !== 'float32') throw new ImplementationRefused(spec, `\`precision\` must be 'float64' or 'float32', got ${JSON.stringify(mod.precision)}`);
      impl.precision = mod.precision;
    }
    // the optional whole-run hooks (src/impl/interface.ts, docs/protocol.md "Version 2") are open to modules too
    for (const hook of ['runBatched', 'runBatchedMany'] as const) {
      if (mod[hook] === undefined) continue;
      if (typeof mod[hook] !== 'function') throw new ImplementationRefused(spec, `\`${hook}\` must be a function`);
      impl[hook] = mod[hook] as never;
    }
    if (mod.extensions !== undefined) {
      const ext = mod.extensions;
      if (!Array.isArray(ext) || ext.some((e) => !(EXTENSIONS as readonly unknown[]).includes(e))) throw new ImplementationRefused(spec, `\`extensions\` must list some of ${EXTENSIONS.map((e) => `'${e}'`).join(', ')}, got ${JSON.stringify(ext)}`);
      impl.extensions = ext as Implementation['extensions'];
    }
  }
  validate(impl, spec);
  return impl;
}

function validate(impl: Implementation, spec: string): void {
  const optimizers = impl.optimizers as Record<string, unknown> | undefined;
  if (!optimizers || typeof optimizers !== 'object') throw new ImplementationRefused(spec, `the module exports no \`optimizers\` object (see src/impl/interface.ts)`);
  if (Object.keys(optimizers).length === 0) throw new ImplementationRefused(spec, `\`optimizers\` provides no role (roles: ${ROLES.join(', ')})`);
  for (const [k, v] of Object.entries(optimizers)) {
    if (!(ROLES as readonly string[]).includes(k)) throw new ImplementationRefused(spec, `unknown role "${k}" (roles: ${ROLES.join(', ')})`);
    if (typeof v !== 'function') throw new ImplementationRefused(spec, `optimizers.${k} must be a factory function`);
  }
}

/** The roles an implementation provides. */
export function rolesOf(impl: Implementation): OptimizerRole[] {
  return ROLES.filter((r) => typeof impl.optimizers[r] === 'function');
}
