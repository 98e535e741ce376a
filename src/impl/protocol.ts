/**
 * Implementations in other languages: a child process that speaks the JSON-lines protocol of docs/protocol.md
 * over its stdin/stdout, wrapped as an Implementation. The optimizer contract is synchronous (update() returns
 * the new iterate), so the child lives in a relay thread (protocol-worker.mjs) and the main thread waits for each
 * reply on a SharedArrayBuffer (Atomics.wait, with the implementation time limit as timeout).
 *
 * Each request is one line, each reply one line:
 *   → {"op":"hello","protocol":"implicit-bias-claims/1"}     ← {"protocol":"implicit-bias-claims/1","name":…,"roles":[…]}
 *   → {"op":"init","opt":k,"role":…,"hyper":{…},"w0":[…],"dim":d,"n":n}   ← {"w":[…]}
 *     (+ "examples":{"n","d","Z"} when the objective has examples: the perceptron and AdaBoost act on them)
 *   → {"op":"update","opt":k,"t":t,"value":F(w_t),"grad":[∇F(w_t)]}        ← {"w":[w_{t+1}]}
 *     (+ "logValue":log F,"logGrad":[∇log F] for the role normalizedGd when the objective has logValueAndGrad)
 *     or, before the final reply, a request for another gradient:          ← {"need":"grad","at":[…]}
 *   → {"op":"grad","value":F(at),"grad":[∇F(at)]}                          ← … {"w":[…]}
 *     (or {"need":"gradBatch","at":[…],"batch":[i…]} for a minibatch estimate, answered by "op":"gradBatch")
 *   ← {"error":"message"} at any point: the implementation failed (reported as a fault, [threw]).
 * Numbers are JSON numbers (IEEE doubles, exact both ways); a non-finite number may be written null or NaN.
 */
import { Worker } from 'node:worker_threads';
import type { Objective, OptState, Optimizer } from '../optimizers/types.js';
import { ImplementationError, ImplementationRefused, implTimeLimitMs } from './faults.js';
import { EXTENSIONS, ROLES, type Extension, type Hyper, type Implementation, type OptimizerRole } from './interface.js';
import { protocolRun, protocolRuns, vector } from './protocol-runs.js';

export const PROTOCOL = 'implicit-bias-claims/1';
/** Version 2 adds "run": the problem sent once, the iterates returned at the checkpoints (docs/protocol.md). */
export const PROTOCOL_V2 = 'implicit-bias-claims/2';
/** Largest message (bytes); a dataset of d ≈ 200 000 coordinates per gradient fits. */
export const MESSAGE_BYTES = 8 << 20;
/** Time for the child to start and answer "hello" (python3 + numpy imports take ~0.2 s here). */
const HELLO_TIMEOUT_MS = 30_000;

/** Until the child's pid is known, the wait for a reply wakes this often to report its process group. */
const PID_POLL_MS = 20;

/** The bridges whose children are alive, killed when this process exits. */
const LIVE = new Set<Bridge>();
let exitHookInstalled = false;

/**
 * Told the process group of every protocol child as soon as its pid is known. The isolated runner's child
 * (src/impl/claim-child.ts) forwards it to its parent, which kills that group with the check's own on a timeout,
 * at the end and on Ctrl-C: a child killed by SIGKILL runs no exit hook of its own.
 */
const groupListeners: ((pgid: number, alive: boolean) => void)[] = [];
export function onProtocolChildGroup(listener: (pgid: number, alive: boolean) => void): void {
  groupListeners.push(listener);
}

/** The synchronous line channel to the child (exported for the tests). */
export class Bridge {
  private readonly ctrl: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly worker: Worker;
  broken: ImplementationError | null = null;
  private reported = false;
  private readonly enc = new TextEncoder();
  private readonly dec = new TextDecoder();
  constructor(
    private readonly command: string,
    private readonly who: () => string = () => command,
  ) {
    const sab = new SharedArrayBuffer(12 + MESSAGE_BYTES);
    this.ctrl = new Int32Array(sab, 0, 3);
    this.bytes = new Uint8Array(sab, 12);
    this.worker = new Worker(new URL('./protocol-worker.mjs', import.meta.url), { workerData: { command, sab, cwd: process.cwd() } });
    this.worker.unref();
    LIVE.add(this);
    if (!exitHookInstalled) {
      // one exit hook for every bridge (one listener per bridge tripped Node's MaxListeners warning in the tests)
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const b of LIVE) b.kill();
      });
    }
  }

  /** Kills the child: its process group (the shell and the command it runs), by the pid the relay wrote. */
  kill(): void {
    LIVE.delete(this);
    void this.worker.terminate();
    const pid = Atomics.load(this.ctrl, 2);
    if (pid <= 0) return;
    Atomics.store(this.ctrl, 2, 0);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    if (this.reported) for (const f of groupListeners) f(pid, false);
  }

  private reportGroup(): void {
    if (this.reported) return;
    const pid = Atomics.load(this.ctrl, 2);
    if (pid <= 0) return;
    this.reported = true;
    for (const f of groupListeners) f(pid, true);
  }

  /** Sends one request line and waits for the reply line (parsed). */
  call(request: object, timeoutMs = implTimeLimitMs()): Record<string, unknown> {
    if (this.broken) throw this.broken;
    const b = this.enc.encode(JSON.stringify(request));
    if (b.length > this.bytes.length) throw this.fail('protocol', `a request of ${b.length} bytes exceeds the channel's ${this.bytes.length}`);
    this.bytes.set(b);
    Atomics.store(this.ctrl, 1, b.length);
    Atomics.store(this.ctrl, 0, 1);
    Atomics.notify(this.ctrl, 0);
    // wait to the deadline: a wake-up with the state still 1 (a late notify, a spurious wake) is not a timeout
    const deadline = performance.now() + timeoutMs;
    for (let left = timeoutMs; Atomics.load(this.ctrl, 0) === 1 && left > 0; left = deadline - performance.now()) {
      Atomics.wait(this.ctrl, 0, 1, this.reported ? left : Math.min(left, PID_POLL_MS));
      this.reportGroup();
    }
    if (Atomics.load(this.ctrl, 0) !== 2)
      throw this.fail('timeout', `no reply to "${(request as { op: string }).op}" within ${(timeoutMs / 1000).toFixed(0)} s (\`${this.command}\`)`);
    const text = this.dec.decode(this.bytes.slice(0, Atomics.load(this.ctrl, 1)));
    Atomics.store(this.ctrl, 0, 0);
    Atomics.notify(this.ctrl, 0);
    const reply = parseLine(text);
    if (!reply) throw this.fail('protocol', `the reply is not a JSON object: ${JSON.stringify(text.slice(0, 200))}`);
    if (reply.__relay === 'exited') throw this.fail('protocol', `the child \`${this.command}\` exited (${reply.signal ?? `code ${reply.code}`}${reply.error ? `: ${reply.error}` : ''}); its stderr: ${String(reply.stderr).trim().split('\n').slice(-5).join(' | ') || '(empty)'}`);
    if (reply.__relay === 'too-long') throw this.fail('protocol', `a reply of ${reply.length} bytes exceeds the channel's ${reply.limit}`);
    return reply;
  }

  private fail(kind: 'protocol' | 'timeout', what: string): ImplementationError {
    // after a timeout or a broken line the channel is out of step: every later call fails the same way, and the
    // child (which may be hung) is killed
    this.broken = new ImplementationError(kind, `${this.who()}: ${what}`);
    this.kill();
    return this.broken;
  }
}

/** JSON.parse, tolerating the NaN/Infinity tokens that Python's json module writes (read as null → NaN). */
function parseLine(text: string): Record<string, unknown> | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    try {
      v = JSON.parse(text.replace(/(?<![\w."])(-?Infinity|NaN)(?![\w"])/g, 'null'));
    } catch {
      return null;
    }
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

interface ProtocolState extends OptState {
  readonly opt: number;
  readonly g: Float64Array;
  readonly scratch: Float64Array;
  /** ∇log F, for the roles sent it (LOG_DOMAIN_ROLES) */
  readonly lg: Float64Array;
}

/**
 * The roles whose update and grad messages also carry "logValue" = log F and "logGrad" = ∇log F = ∇F/F (computed in
 * the log domain: finite where F underflows, src/optimizers/types.ts). Only normalized GD steps on ∇F/F; for the
 * other roles the extra pass over the data and the doubled gradient payload would buy nothing.
 */
export const LOG_DOMAIN_ROLES: readonly OptimizerRole[] = ['normalizedGd'];

/** The objective's examples as init sends them (point-major Z), or nothing when it has none. */
function examplesField(obj: Objective): { examples?: { n: number; d: number; Z: number[] } } {
  const M = obj.examples;
  return M ? { examples: { n: M.n, d: M.d, Z: Array.from(M.Z) } } : {};
}

function protocolOptimizer(bridge: Bridge, implName: string, role: OptimizerRole, hyper: Hyper, opt: number): Optimizer<ProtocolState> {
  const who = `${implName} ${role}`;
  const check = (reply: Record<string, unknown>) => {
    if (typeof reply.error === 'string' || reply.error !== undefined) throw new Error(`the child reported an error: ${String(reply.error)}`);
    return reply;
  };
  const logDomain = LOG_DOMAIN_ROLES.includes(role);
  /** log F and ∇log F at w (∇log F written to lg), for a log-domain role on an objective that has them */
  const logField = (obj: Objective, w: Float64Array, lg: Float64Array): { logValue?: number; logGrad?: number[] } => {
    if (!logDomain || !obj.logValueAndGrad) return {};
    const logValue = obj.logValueAndGrad(w, lg);
    return { logValue, logGrad: Array.from(lg) };
  };
  return {
    name: `${implName}:${role}`,
    params: { ...hyper },
    init(w0: Float64Array, obj: Objective): ProtocolState {
      const reply = check(bridge.call({ op: 'init', opt, role, hyper, w0: Array.from(w0), dim: obj.dim, n: obj.n, ...examplesField(obj) }));
      return { w: vector(reply.w, 'w', who), t: 0, opt, g: new Float64Array(obj.dim), scratch: new Float64Array(obj.dim), lg: new Float64Array(obj.dim) };
    },
    update(s: ProtocolState, obj: Objective) {
      const value = obj.valueAndGrad(s.w, s.g);
      let reply = check(bridge.call({ op: 'update', opt, t: s.t, value, grad: Array.from(s.g), ...logField(obj, s.w, s.lg) }));
      for (let asked = 0; reply.need !== undefined; asked++) {
        if (asked > 1000) throw new ImplementationError('protocol', `${who}: more than 1000 gradient requests in one update`);
        const at = vector(reply.at, 'at', who);
        if (at.length !== obj.dim) throw new ImplementationError('shape', `${who}: asked for a gradient at a point of length ${at.length}, expected ${obj.dim}`);
        let v: number;
        if (reply.need === 'grad') v = obj.valueAndGrad(at, s.scratch);
        else if (reply.need === 'gradBatch' && obj.gradBatch && Array.isArray(reply.batch)) {
          const idx = Int32Array.from(reply.batch as number[]);
          for (const i of idx) if (!(i >= 0 && i < obj.n)) throw new ImplementationError('protocol', `${who}: batch index ${i} outside 0..${obj.n - 1}`);
          v = obj.gradBatch(at, idx, idx.length, s.scratch);
        } else throw new ImplementationError('protocol', `${who}: unknown request "need": ${JSON.stringify(reply.need)}`);
        reply = check(bridge.call({ op: reply.need, opt, value: v, grad: Array.from(s.scratch), ...(reply.need === 'grad' ? logField(obj, at, s.lg) : {}) }));
      }
      const w = vector(reply.w, 'w', who);
      if (w.length === s.w.length) s.w.set(w);
      else (s as { w: Float64Array }).w = w; // the guard reports the wrong length
      s.t++;
    },
  };
}

/**
 * Starts the child (`command`, run by the shell, in the project root), checks its hello, and returns its
 * optimizers by role. Throws ImplementationRefused (src/impl/faults.ts) when the child does not answer or answers
 * something else than the protocol.
 */
export async function protocolImplementation(command: string): Promise<Implementation> {
  let name = command;
  const bridge = new Bridge(command, () => name);
  let hello: Record<string, unknown>;
  try {
    hello = bridge.call({ op: 'hello', protocol: PROTOCOL_V2, versions: [PROTOCOL, PROTOCOL_V2] }, HELLO_TIMEOUT_MS);
  } catch (e) {
    throw new ImplementationRefused(command, `the child did not answer the protocol's hello: ${(e as Error).message}`);
  }
  // a refused child is killed, not left to the exit hook
  const refuse = (reason: string) => (bridge.kill(), new ImplementationRefused(command, reason));
  if (hello.protocol !== PROTOCOL && hello.protocol !== PROTOCOL_V2)
    throw refuse(`the child answered ${JSON.stringify(hello).slice(0, 200)}, expected {"protocol":"${PROTOCOL}" or "${PROTOCOL_V2}","name":…,"roles":[…]} (docs/protocol.md)`);
  const roles = hello.roles;
  if (!Array.isArray(roles) || roles.length === 0) throw refuse(`the hello lists no roles`);
  for (const r of roles) if (!(ROLES as readonly unknown[]).includes(r)) throw refuse(`unknown role ${JSON.stringify(r)} (roles: ${ROLES.join(', ')})`);
  if (typeof hello.name === 'string' && hello.name) name = hello.name;
  if (hello.precision !== undefined && hello.precision !== 'float64' && hello.precision !== 'float32')
    throw refuse(`the hello's precision must be "float64" or "float32", got ${JSON.stringify(hello.precision)}`);
  let next = 1;
  const optimizers: Implementation['optimizers'] = {};
  for (const role of roles as OptimizerRole[]) optimizers[role] = (h: Hyper) => protocolOptimizer(bridge, name, role, h, next++);
  const impl: Implementation = { name, optimizers, ...(hello.precision ? { precision: hello.precision as 'float64' | 'float32' } : {}) };
  if (hello.protocol === PROTOCOL_V2) impl.runBatched = (role, hyper, problem, w0, checkpoints, schedule, projection) => protocolRun(bridge, name, role, hyper, problem, w0, checkpoints, next++, schedule, projection);
  if (hello.protocol === PROTOCOL_V2 && hello.extensions !== undefined) {
    const ext = hello.extensions;
    if (!Array.isArray(ext) || ext.some((e) => !(EXTENSIONS as readonly unknown[]).includes(e))) throw refuse(`the hello's "extensions" must list known extensions (${EXTENSIONS.map((e) => `"${e}"`).join(', ')}), got ${JSON.stringify(ext)}`);
    impl.extensions = ext as Extension[];
  }
  if (hello.protocol === PROTOCOL_V2 && hello.runs !== undefined) {
    const k = hello.runs;
    if (!(typeof k === 'number' && Number.isInteger(k) && k >= 1)) throw refuse(`the hello's "runs" (runs per message) must be a positive integer, got ${JSON.stringify(k)}`);
    impl.runBatchedMany = (requests) => protocolRuns(bridge, name, k, requests);
  }
  BRIDGES.set(impl, bridge);
  return impl;
}

const BRIDGES = new WeakMap<Implementation, Bridge>();

/**
 * True when `impl` is a protocol implementation whose channel broke (a timeout, a line out of step, the child
 * exited): its child is dead, and the next check must start a new one (src/impl/claim-child.ts does).
 */
export function protocolChannelBroken(impl: Implementation): boolean {
  return !!BRIDGES.get(impl)?.broken;
}

/** Kills the child of a protocol implementation (no-op for any other implementation). */
export function closeProtocolImplementation(impl: Implementation): void {
  BRIDGES.get(impl)?.kill();
}
