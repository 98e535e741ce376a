/**
 * No horizon-limited non-event is a violation (README, verdict policy): a static scan of every `new ClaimViolation(`
 * in src/ and claims/. A message that says something did not happen *within the run* ("never went below … within
 * T", "not yet", "still … after N steps", "did not reach") describes a budget, not a refutation; such a trial must
 * throw Inconclusive naming the budget that would decide. The only exception is a run that provably stays as it
 * is (stopped/stalled iterates, a certified rate or a bound at a given t): its message must say so.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const NON_EVENT = /never (reached|went|got|fell|dropped|crossed)|within (T|the horizon|\d)|not yet|did not (reach|go|get|fall|drop|cross)|still [^`]*after [^`]*steps/i;
const STALL = /stopped|stall|stays|settled|certif|rate broke|formula|bound/i;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(f) ? [p] : [];
  });
}

/** The first argument of each `new ClaimViolation(` (up to the matching close of its string or template). */
export function violationMessages(text: string): string[] {
  const out: string[] = [];
  const re = /new ClaimViolation\(\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const q = text[start];
    if (q !== '`' && q !== "'" && q !== '"') {
      out.push(text.slice(start, start + 200));
      continue;
    }
    let i = start + 1;
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (q === '`' && c === '$' && text[i + 1] === '{') [depth, i] = [depth + 1, i + 1];
      else if (depth > 0 && c === '}') depth--;
      else if (depth === 0 && c === q) break;
    }
    out.push(text.slice(start, i + 1));
  }
  return out;
}

export function horizonLimited(message: string): boolean {
  return NON_EVENT.test(message) && !STALL.test(message);
}

describe('every ClaimViolation is a refutation no longer horizon could undo', () => {
  it('the scan recognizes the non-events it must refuse (and accepts stalled-iterate refutations)', () => {
    expect(horizonLimited('`L(w_t) never went below ℓ(0) = ln 2 (final ${c.loss.at(-1)})`')).toBe(true);
    expect(horizonLimited('`${m.key} is still ${r.dist} from the min-norm solution after ${r.steps} steps`')).toBe(true);
    expect(horizonLimited('`the gap has not yet shrunk by ${x}`')).toBe(true);
    expect(horizonLimited('`the iterates stopped at a finite point: ‖w_t‖ stays bounded`')).toBe(false);
    expect(violationMessages('throw new ClaimViolation(`a ${b(`c`)} d`, figures);')).toEqual(['`a ${b(`c`)} d`']);
  });
  it('no ClaimViolation message in src/ or claims/ describes a horizon-limited non-event', () => {
    const sites = [...files('src'), ...files('claims')].flatMap((f) => violationMessages(readFileSync(f, 'utf8')).map((msg) => ({ f, msg })));
    expect(sites.length).toBeGreaterThanOrEqual(70); // the audit of this change counted 81 throw sites
    expect(sites.filter((s) => horizonLimited(s.msg)).map((s) => `${s.f}: ${s.msg.slice(0, 160)}`)).toEqual([]);
  });
});
