/**
 * The numpy side of the GD benchmark: a python3 process that loads Z from a temp file (raw little-endian float64,
 * written here) and runs, on request, H iterations of the vectorized loop from w = 0:
 *   u = Z @ w; g = Z.T @ (-1/(1 + exp(u))); w -= eta*g
 * answering with the seconds taken and the final w. One process per dataset; requests are interleaved with our
 * own timed runs by bench/run.ts so that both see the same machine load.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';

const SCRIPT = `
import sys, json, time, os
import numpy as np
path, n, d, eta = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
Z = np.fromfile(path, dtype='<f8').reshape(n, d)
print(json.dumps({'numpy': np.__version__, 'python': sys.version.split()[0], 'cpus': os.cpu_count()}), flush=True)
for line in sys.stdin:
    cmd = line.split()
    if not cmd or cmd[0] == 'quit':
        break
    H = int(cmd[1])
    w = np.zeros(d)
    with np.errstate(over='ignore'):
        t0 = time.perf_counter()
        for _ in range(H):
            u = Z @ w
            g = Z.T @ (-1 / (1 + np.exp(u)))
            w -= eta * g
        t = time.perf_counter() - t0
    print(json.dumps({'seconds': t, 'w': w.tolist()}), flush=True)
`;

/** numpy's version, or the reason it cannot be used. */
export function numpyAvailable(): { ok: true; version: string } | { ok: false; reason: string } {
  const r = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  if (r.error) return { ok: false, reason: `python3 not runnable (${r.error.message})` };
  if (r.status !== 0) return { ok: false, reason: `python3 -c "import numpy" failed: ${r.stderr.trim().split('\n').at(-1)}` };
  return { ok: true, version: r.stdout.trim() };
}

export class NumpyGd {
  private readonly dir: string;
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly queue: ((line: string) => void)[] = [];
  private readonly pending: string[] = [];
  info: { numpy: string; python: string; cpus: number } | null = null;

  private constructor(Z: Float64Array, n: number, d: number, eta: number, blasThreads?: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'gd-bench-'));
    const file = join(this.dir, 'Z.f64');
    writeFileSync(file, Buffer.from(Z.buffer, Z.byteOffset, Z.byteLength)); // little-endian on x86/arm
    const env = { ...process.env };
    if (blasThreads !== undefined) {
      for (const v of ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS']) env[v] = String(blasThreads);
    }
    this.proc = spawn('python3', ['-c', SCRIPT, file, String(n), String(d), String(eta)], { env });
    this.lines = createInterface({ input: this.proc.stdout });
    this.lines.on('line', (line) => {
      const waiter = this.queue.shift();
      if (waiter) waiter(line);
      else this.pending.push(line);
    });
    let err = '';
    this.proc.stderr.on('data', (b) => { err += String(b); });
    this.proc.on('exit', (code) => {
      if (code !== 0) for (const w of this.queue.splice(0)) w(JSON.stringify({ error: `python exited ${code}: ${err.trim()}` }));
    });
  }

  private next(): Promise<string> {
    const line = this.pending.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => this.queue.push(resolve));
  }

  /** blasThreads: pin the BLAS thread count (OPENBLAS/OMP/MKL_NUM_THREADS); default: numpy's own default */
  static async start(Z: Float64Array, n: number, d: number, eta: number, blasThreads?: number): Promise<NumpyGd> {
    const p = new NumpyGd(Z, n, d, eta, blasThreads);
    const first = JSON.parse(await p.next());
    if (first.error) throw new Error(first.error);
    p.info = first;
    return p;
  }

  /** Runs H iterations from w = 0 in python; returns its own timing (perf_counter around the loop) and w. */
  async run(H: number): Promise<{ seconds: number; w: Float64Array }> {
    this.proc.stdin.write(`run ${H}\n`);
    const r = JSON.parse(await this.next());
    if (r.error) throw new Error(r.error);
    return { seconds: r.seconds, w: Float64Array.from(r.w) };
  }

  async close(): Promise<void> {
    this.proc.stdin.write('quit\n');
    this.proc.stdin.end();
    await new Promise<void>((resolve) => (this.proc.exitCode !== null ? resolve() : this.proc.on('exit', () => resolve())));
    this.lines.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
