import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROLES, type Implementation, type OptimizerFactory, type OptimizerRole } from './interface.js';

let selected: Implementation | null = null;

/**
 * Loads the implementation under test named by CLAIMS_IMPL (a path to a .ts/.js module exporting `optimizers`
 * and optionally `name`); with none set, the claims use our reference optimizers directly. Checks the module's
 * shape and names what is wrong.
 */
export async function loadImplementation(spec = process.env.CLAIMS_IMPL): Promise<Implementation | null> {
  if (!spec) return (selected = null);
  const url = pathToFileURL(isAbsolute(spec) ? spec : resolve(process.cwd(), spec)).href;
  let mod: Record<string, unknown>;
  try {
    mod = await import(url);
  } catch (e) {
    throw new Error(`CLAIMS_IMPL=${spec}: cannot load the module: ${(e as Error).message}`);
  }
  const optimizers = mod.optimizers as Record<string, unknown> | undefined;
  if (!optimizers || typeof optimizers !== 'object') throw new Error(`CLAIMS_IMPL=${spec}: the module exports no \`optimizers\` object (see src/impl/interface.ts)`);
  for (const [k, v] of Object.entries(optimizers)) {
    if (!(ROLES as readonly string[]).includes(k)) throw new Error(`CLAIMS_IMPL=${spec}: unknown role "${k}" (roles: ${ROLES.join(', ')})`);
    if (typeof v !== 'function') throw new Error(`CLAIMS_IMPL=${spec}: optimizers.${k} must be a factory function`);
  }
  selected = { name: typeof mod.name === 'string' ? mod.name : spec, optimizers: optimizers as Implementation['optimizers'] };
  return selected;
}

/** The implementation under test, or null when the claims run on the reference optimizers. */
export function selectedImplementation(): Implementation | null {
  return selected;
}

/** Installs an implementation directly (tests, the power runner). */
export function selectImplementation(impl: Implementation | null): void {
  selected = impl;
}

/** The selected implementation's factory for a role, if it provides one. */
export function selectedFactory(role: OptimizerRole): OptimizerFactory | undefined {
  return selected?.optimizers[role];
}
