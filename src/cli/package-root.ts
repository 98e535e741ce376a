import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of this package (claims/, src/, allurerc.mjs): the clone when run from it, or
 * node_modules/implicit-bias-claims once installed into a user's project, whose folder is the working directory.
 */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** tsx's loader as a file URL, for `--import` in child processes (resolved from this package, not the cwd). */
export const TSX_LOADER = import.meta.resolve('tsx');
