// The package's entry for plain Node ESM: loads the TypeScript API (src/index.ts) through tsx's scoped import,
// which registers no loader for the rest of the importing program.
import { tsImport } from 'tsx/esm/api';

const api = await tsImport('./index.ts', import.meta.url);
export const { runClaims, checkImplementation } = api;
