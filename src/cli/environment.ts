import { cpus } from 'node:os';

/** The environment a run happened in (for audit.json and the report). */
export function environment(): Record<string, string> {
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  };
}
