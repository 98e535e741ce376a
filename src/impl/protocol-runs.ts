/**
 * Version 2 of the protocol (docs/protocol.md), the harness's side: "run" (one whole run, the child may ask for
 * gradients) and "runs" (several whole runs per message, for a child whose hello says `"runs": K`).
 */
import { exponential, logistic } from '../losses/loss.js';
import { leastSquaresObjective, marginObjective } from '../optimizers/objectives.js';
import { crossEntropyObjective } from '../optimizers/cross-entropy.js';
import { problemDim, type ProblemSpec } from '../optimizers/types.js';
import { ImplementationError } from './faults.js';
import type { BatchedRequest, Hyper, OptimizerRole, StepSchedule } from './interface.js';
import { MESSAGE_BYTES, type Bridge } from './protocol.js';
import { withWeightDecay } from './wrappers.js';

/** Gradient requests allowed in one batched run (each may name many points). */
const MAX_RUN_REQUESTS = 10_000_000;

/** A reply's vector as a Float64Array (null and non-numbers become NaN, which the guard reports as non-finite). */
export function vector(v: unknown, what: string, who: string): Float64Array {
  if (!Array.isArray(v)) throw new ImplementationError('protocol', `${who}: the reply's "${what}" is ${JSON.stringify(v)?.slice(0, 80)}, expected an array of numbers`);
  return Float64Array.from(v, (x) => (typeof x === 'number' ? x : NaN));
}


/** Version 2's "run": the problem once, gradients on request (one point or many), the iterates at the checkpoints. */
export function protocolRun(bridge: Bridge, implName: string, role: OptimizerRole, hyper: Hyper, problem: ProblemSpec, w0: Float64Array, checkpoints: readonly number[], opt: number, schedule?: StepSchedule, projection?: number): Float64Array[] {
  const who = `${implName} ${role}`;
  let reply = bridge.call({ op: 'run', opt, role, hyper, w0: Array.from(w0), problem: problemJSON(problem), checkpoints, ...(schedule ? { schedule } : {}), ...(projection !== undefined ? { projection } : {}) });
  const obj = objectiveOf(problem);
  const dim = problemDim(problem);
  const g = new Float64Array(dim);
  const at = (v: unknown) => {
    const x = vector(v, 'at', who);
    if (x.length !== dim) throw new ImplementationError('shape', `${who}: asked for a gradient at a point of length ${x.length}, expected ${dim}`);
    return x;
  };
  for (let asked = 0; reply.need !== undefined; asked++) {
    if (typeof reply.error === 'string' || reply.error !== undefined) break;
    if (asked > MAX_RUN_REQUESTS) throw new ImplementationError('protocol', `${who}: more than ${MAX_RUN_REQUESTS} gradient requests in one run`);
    if (reply.need === 'grad') {
      const value = obj.valueAndGrad(at(reply.at), g);
      reply = bridge.call({ op: 'grad', opt, value, grad: Array.from(g) });
    } else if (reply.need === 'grads' && Array.isArray(reply.at)) {
      const values: number[] = [];
      const grads: number[][] = [];
      for (const p of reply.at) {
        values.push(obj.valueAndGrad(at(p), g));
        grads.push(Array.from(g));
      }
      reply = bridge.call({ op: 'grads', opt, values, grads });
    } else throw new ImplementationError('protocol', `${who}: unknown request in a run: "need": ${JSON.stringify(reply.need)}`);
  }
  if (reply.error !== undefined) throw new ImplementationError('threw', `${who}: the child reported an error in a batched run: ${String(reply.error)}`);
  if (!Array.isArray(reply.ws)) throw new ImplementationError('protocol', `${who}: the reply to "run" has no "ws" (the iterates at the checkpoints)`);
  return reply.ws.map((w, j) => vector(w, `ws[${j}]`, who));
}

/** The data of a problem as JSON (the Float64Arrays as arrays). */
function problemJSON(problem: ProblemSpec): object {
  const { Z, X, y, labels, ...rest } = problem as ProblemSpec & { Z?: Float64Array; X?: Float64Array; y?: Float64Array; labels?: Int32Array };
  if (problem.kind === 'crossEntropy') return { ...rest, X: Array.from(X!), labels: Array.from(labels!) };
  return { ...rest, ...(problem.kind === 'margin' ? { Z: Array.from(Z!) } : { X: Array.from(X!), y: Array.from(y!) }) };
}

/**
 * Version 2's "runs" (a child whose hello says `"runs": K`): up to K runs per message, each answered by its
 * iterates or an error; the child computes its own gradients (no "need" inside "runs").
 */
export function protocolRuns(bridge: Bridge, implName: string, perMessage: number, requests: readonly BatchedRequest[]): (Float64Array[] | Error)[] {
  const out: (Float64Array[] | Error)[] = [];
  for (const chunk of chunks(requests, perMessage)) {
    const runs = chunk.map((r) => ({ role: r.role, hyper: r.hyper, w0: Array.from(r.w0), problem: problemJSON(r.problem), checkpoints: r.checkpoints, ...(r.schedule ? { schedule: r.schedule } : {}), ...(r.projection !== undefined ? { projection: r.projection } : {}) }));
    const reply = bridge.call({ op: 'runs', runs });
    if (reply.error !== undefined) throw new ImplementationError('threw', `${implName}: the child reported an error for "runs": ${String(reply.error)}`);
    const results = reply.results;
    if (!Array.isArray(results) || results.length !== chunk.length)
      throw new ImplementationError('protocol', `${implName}: the reply to "runs" has ${Array.isArray(results) ? `${results.length} results` : 'no "results"'} for ${chunk.length} runs`);
    results.forEach((r: Record<string, unknown> | null, j) => {
      const who = `${implName} ${chunk[j].role}`;
      if (r && r.error !== undefined) out.push(new ImplementationError('threw', `${who}: the child reported an error in a batched run: ${String(r.error)}`));
      else if (!r || !Array.isArray(r.ws)) out.push(new ImplementationError('protocol', `${who}: result ${j} of "runs" has no "ws" (the iterates at the checkpoints)`));
      else out.push(r.ws.map((w, k) => vector(w, `ws[${k}]`, who)));
    });
  }
  return out;
}

/**
 * The requests cut into messages of at most `perMessage` runs whose request and reply each stay under a quarter of
 * the channel (a reply's iterate is ≤ 25 bytes per coordinate in JSON); a run too big for that goes alone.
 */
function chunks(requests: readonly BatchedRequest[], perMessage: number): BatchedRequest[][] {
  const out: BatchedRequest[][] = [];
  let cur: BatchedRequest[] = [];
  let bytes = 0;
  for (const r of requests) {
    const size = 25 * (problemDim(r.problem) * (r.checkpoints.length + 1) + r.problem.d * r.problem.n + r.checkpoints.length);
    if (cur.length > 0 && (cur.length >= perMessage || bytes + size > MESSAGE_BYTES / 4)) {
      out.push(cur);
      [cur, bytes] = [[], 0];
    }
    cur.push(r);
    bytes += size;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

function objectiveOf(p: ProblemSpec) {
  const obj =
    p.kind === 'margin'
      ? marginObjective({ Z: p.Z, n: p.n, d: p.d }, p.loss === 'logistic' ? logistic : exponential, { mean: p.mean })
      : p.kind === 'leastSquares'
        ? leastSquaresObjective(p.X, p.y, { mean: p.mean })
        : crossEntropyObjective(p);
  return p.l2 === undefined ? obj : withWeightDecay(obj, p.l2);
}

