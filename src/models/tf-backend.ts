/**
 * TensorFlow.js backend selection, done once per process: tfjs-node (native libtensorflow) when it loads, else the
 * wasm backend (its .wasm ships inside node_modules, so it works offline; SIMD, no threads on Node 20), else the
 * pure-JS cpu backend. `@tensorflow/tfjs-node` is an optionalDependency that cannot install on machines without the
 * libtensorflow download, so importing it may throw at resolve time or at load time: both are caught.
 *
 * Every backend computes in float32. Claims that need float64 use the hand-written kernels (deep linear nets,
 * two-layer ReLU) and check those against tfjs autodiff in the unit tests.
 *
 * @example const tf = await loadTf(); tfBackendName() // 'tensorflow' | 'wasm' | 'cpu'
 */
import * as tfjs from '@tensorflow/tfjs';
import { settings } from '../harness/settings.js';

export type Tf = typeof tfjs;
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<TfBackendName> | undefined;
let name: TfBackendName | undefined;
const attempts: string[] = [];

async function tryBackend(b: TfBackendName, load: () => Promise<unknown>): Promise<boolean> {
  try {
    await load();
    if (!(await tfjs.setBackend(b))) throw new Error(`setBackend('${b}') returned false`);
    await tfjs.ready();
    return true;
  } catch (e) {
    attempts.push(`${b}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return false;
  }
}

async function choose(): Promise<TfBackendName> {
  const forced = settings().tfBackend;
  const order: TfBackendName[] = forced ? [forced] : ['tensorflow', 'wasm', 'cpu'];
  for (const b of order) {
    const ok = await tryBackend(b, async () => {
      // a variable specifier keeps TypeScript from requiring the optional package's types
      if (b === 'tensorflow') { const spec = '@tensorflow/tfjs-node'; await import(spec); }
      if (b === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    });
    if (ok) return b;
  }
  throw new Error(`tf-backend: no TensorFlow.js backend could be initialised (${attempts.join('; ')})`);
}

/** Initialises the backend (once per process) and returns the tfjs namespace. */
export async function loadTf(): Promise<Tf> {
  chosen ??= choose().then((b) => (name = b));
  await chosen;
  return tfjs;
}

/**
 * The backend in use: 'tensorflow' (tfjs-node), 'wasm' or 'cpu', or 'not initialised' before {@link loadTf}
 * resolved. Claims put it in their `decidedBy` and messages so that the report and audit.json show it.
 */
export function tfBackendName(): TfBackendName | 'not initialised' {
  return name ?? 'not initialised';
}

/** Why the backends before the chosen one were skipped (for the report), e.g. "tensorflow: Cannot find package". */
export function tfBackendAttempts(): readonly string[] {
  return attempts;
}
