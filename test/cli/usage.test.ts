/** The command line as a person first meets it: help for every subcommand, named mistakes, exit code 2 for usage. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, parseArgs } from '../../src/cli/main.js';

let out: string[] = [];
let err: string[] = [];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
});
afterEach(() => vi.restoreAllMocks());

describe('claims usage', () => {
  it.each(['run', 'list', 'replay', 'check', 'power', 'false-alarms'])('claims %s --help prints that command\'s help and exits 0', async (cmd) => {
    expect(await main([cmd, '--help'])).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`^claims ${cmd}`));
    expect(err).toEqual([]);
  });

  it('claims --help, claims help and claims help <command>', async () => {
    expect(await main(['--help'])).toBe(0);
    expect(await main(['help', 'replay'])).toBe(0);
    expect(out[0]).toMatch(/^usage: claims <command>/);
    expect(out[1]).toMatch(/^claims replay/);
  });

  it('an unknown subcommand is named, exit 2', async () => {
    expect(await main(['frobnicate'])).toBe(2);
    expect(err[0]).toMatch(/^claims: unknown subcommand "frobnicate"/);
  });

  it('--seed abc says it must be an integer and echoes what was typed', () => {
    expect(() => parseArgs(['run', '--seed', 'abc'])).toThrow('--seed must be an integer; got "abc"');
    expect(() => parseArgs(['run', '--seed', '1.5'])).toThrow('--seed must be an integer; got "1.5"');
    expect(parseArgs(['run', '--seed', '-7']).seed).toBe(-7);
  });

  it('run and help state the exit codes, including 3 for only-inconclusive differences', async () => {
    await main(['run', '--help']);
    expect(out.join('\n')).toMatch(/3 only inconclusive differences/);
  });
});
