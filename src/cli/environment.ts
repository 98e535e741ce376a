import { cpus } from 'node:os';

/** The environment a run happened in (for audit.json and the report). */
export function environment(): Record<string, string> {
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  };
}

/**
 * The environment with the TensorFlow.js backend the network claims use ('tensorflow' when tfjs-node loads,
 * else 'wasm', else 'cpu') and why the preferred ones were skipped. Loads tfjs (about a second).
 */
export async function environmentWithBackend(): Promise<Record<string, string>> {
  const env = environment();
  try {
    const { loadTf, tfBackendAttempts, tfBackendName } = await import('../models/tf-backend.js');
    await loadTf();
    env.tfjsBackend = tfBackendName();
    if (tfBackendAttempts().length) env.tfjsBackendsSkipped = tfBackendAttempts().join('; ');
  } catch (e) {
    env.tfjsBackend = `unavailable: ${(e as Error).message}`;
  }
  return env;
}
