#!/usr/bin/env node
// The `claims` command: runs src/cli/main.ts through tsx (the package ships TypeScript sources). tsx is resolved
// from this package, so the command works from any folder (a clone, or a project that installed the package).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: process.cwd() });
process.exit(r.status ?? 1);
