// The relay thread of src/impl/protocol.ts: owns the child process that speaks the JSON-lines protocol
// (docs/protocol.md) and passes lines between it and the main thread, which waits synchronously on a
// SharedArrayBuffer (Atomics.wait) because an optimizer's update() is synchronous.
//
// Shared memory (workerData.sab): Int32 control words [state, length, child pid], then the message bytes.
//   state 0 = idle, 1 = a request line is ready for the child, 2 = a reply line is ready for the main thread.
// A reply that is not from the child (it exited, or wrote a line that is too long) is a JSON line with "__relay".
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { workerData } from 'node:worker_threads';

const { command, sab, cwd } = workerData;
const ctrl = new Int32Array(sab, 0, 3);
const bytes = new Uint8Array(sab, 12);
const enc = new TextEncoder();
const dec = new TextDecoder();

// its own process group (detached), so that the shell and the command it runs can be killed together
const child = spawn(command, { shell: true, cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
// the main thread kills the child's group by this pid after a timeout and at exit (it may be blocked when we are not)
Atomics.store(ctrl, 2, child.pid ?? 0);
let stderr = '';
child.stderr.on('data', (b) => {
  stderr = (stderr + b.toString()).slice(-2000);
});
const lines = [];
let waiting = null;
let exited = null;
createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (l) => {
  if (waiting) {
    const w = waiting;
    waiting = null;
    w(l);
  } else lines.push(l);
});
child.on('exit', (code, signal) => {
  exited = { code, signal };
  if (waiting) {
    const w = waiting;
    waiting = null;
    w(null);
  }
});
child.on('error', (e) => {
  exited = { code: null, signal: null, error: e.message };
  if (waiting) {
    const w = waiting;
    waiting = null;
    w(null);
  }
});
child.stdin.on('error', () => {}); // EPIPE after the child exited: reported through `exited`

function nextLine() {
  if (lines.length) return Promise.resolve(lines.shift());
  if (exited) return Promise.resolve(null);
  return new Promise((r) => (waiting = r));
}

function reply(text) {
  let b = enc.encode(text);
  if (b.length > bytes.length) b = enc.encode(JSON.stringify({ __relay: 'too-long', length: b.length, limit: bytes.length }));
  bytes.set(b);
  Atomics.store(ctrl, 1, b.length);
  Atomics.store(ctrl, 0, 2);
  Atomics.notify(ctrl, 0);
}

for (;;) {
  const state = Atomics.load(ctrl, 0);
  if (state !== 1) {
    // idle, or the main thread has not yet taken the last reply: wait for the word to change
    const r = Atomics.waitAsync(ctrl, 0, state);
    if (r.async) await r.value;
    else await new Promise((res) => setImmediate(res));
    continue;
  }
  const request = dec.decode(bytes.slice(0, Atomics.load(ctrl, 1)));
  if (request === '__close') {
    child.stdin.end();
    reply(JSON.stringify({ __relay: 'closed' }));
    break;
  }
  if (!exited) child.stdin.write(request + '\n');
  const line = await nextLine();
  reply(line ?? JSON.stringify({ __relay: 'exited', ...exited, stderr }));
}
