// Bootstrap of the allocation probe worker: registers tsx's loader in this thread, then runs the TypeScript probe.
import { tsImport } from 'tsx/esm/api';
await tsImport('./allocation-probe.ts', import.meta.url);
