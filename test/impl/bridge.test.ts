/**
 * The synchronous channel to a protocol child (src/impl/protocol.ts, Bridge): a million request/reply pairs through
 * a child that echoes every line (`cat`) come back one for one, in order — the wait for a reply runs to its
 * deadline, so a wake-up with no reply yet is never mistaken for a timeout (issue 10: a late notify of the previous
 * reply ended the next wait and a healthy child was declared hung).
 */
import { describe, expect, it } from 'vitest';
import { Bridge } from '../../src/impl/protocol.js';

describe('the bridge to a protocol child', () => {
  it('1e6 request/replies through a child that echoes: none lost, none out of step', () => {
    const bridge = new Bridge('cat');
    let mismatches = 0;
    const N = 1_000_000;
    try {
      for (let i = 0; i < N; i++) {
        const reply = bridge.call({ op: 'echo', i }, 60_000);
        if (reply.i !== i) mismatches++;
      }
    } finally {
      bridge.kill();
    }
    expect(mismatches).toBe(0);
  }, 600_000);

  it('a child that answers nothing is a timeout at the deadline, and the channel then stays broken (named)', () => {
    const bridge = new Bridge('sleep 30');
    try {
      expect(() => bridge.call({ op: 'update' }, 300)).toThrow(/^\[timeout\] sleep 30: no reply to "update" within 0 s/);
      expect(() => bridge.call({ op: 'update' }, 300)).toThrow(/^\[timeout\]/);
    } finally {
      bridge.kill();
    }
  });
});
