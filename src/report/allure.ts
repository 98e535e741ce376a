import * as allure from 'allure-js-commons';
import type { ClaimRun } from '../harness/run.js';
import type { ClaimDefinition, Outcome, Profile, Verdict } from '../harness/types.js';
import { errorTitle, type OutcomeError } from '../harness/outcome-kinds.js';
import { controlExpected, runAsExpected } from '../harness/verdicts.js';
import { figureName } from './figure-names.js';
import { plainText, renderSvg } from './plot.js';

/** What a run checked besides the claim itself: a user's implementation, a user's dataset (`claims check`). */
export interface RunSubject {
  /** the implementation under test (name and where it came from) */
  implementation?: { name: string; path: string };
  /** the user's dataset (path, and what the loader did to it) */
  data?: { path: string; notes: string[] };
}

/** A claim's page for people: statement, source, assumptions, figures, plot, and for a violation the replay. */
export function describeClaim(def: ClaimDefinition, run: ClaimRun, subject: RunSubject = {}): string {
  const c = run.claim;
  const s = def.source;
  const lines = [
    ...(subject.implementation ? [`**Implementation under test.** ${subject.implementation.name} (\`${subject.implementation.path}\`).`, ''] : []),
    ...(subject.data ? [`**Dataset.** \`${subject.data.path}\`: ${subject.data.notes.join('; ')}.`, ''] : []),
    `**Statement.** ${def.statement}`,
    '',
    `**Source.** ${s.lecture} (lecture file \`${s.seed}\`), slide "${s.slide}"${s.paper ? `; ${s.paper}` : ''}${s.theorem ? `, ${s.theorem}` : ''}.`,
    '',
    '**Assumptions (verified on every input).**',
    ...def.assumptions.map((a) => `- ${a}`),
    '',
    `**Measured.** ${def.measurement}`,
    '',
    `**Decision rule.** ${def.expectation}`,
    '',
    `**Verdict: ${c.verdict}** (expected ${def.expected}${c.verdict === def.expected ? ', as expected' : ', UNEXPECTED'}). ${c.message}`,
  ];
  if (def.expectedReason) lines.push('', `**Why this verdict is expected.** ${def.expectedReason}`);
  if (def.asWritten)
    lines.push('', `**As written.** ${def.asWritten.explanation}${def.asWritten.correctedTwin ? ` Corrected twin: \`${def.asWritten.correctedTwin}\`.` : ''}`);
  if (c.decidedBy) lines.push('', `**Decided by.** ${c.decidedBy}; ${c.trials} input(s)${c.minSlack !== undefined ? `, smallest slack ${c.minSlack.toPrecision(3)}` : ''}.`);
  lines.push('', '**Figures.**', '', '| name | value |', '|---|---|', ...Object.entries(c.figures).map(([k, v]) => `| ${figureName(k)} | ${fmt(v)} |`));
  if (c.verdict === 'violated' && c.replayCommand) lines.push('', `**Replay the counterexample.** \`${c.replayCommand}\``);
  if (c.verdict === 'violated' && c.counterexample !== undefined) {
    // the shrunk counterexample inline (it is small after shrinking), the full one attached
    const json = JSON.stringify(c.counterexample);
    lines.push('', `**Counterexample${c.path !== undefined ? ' (shrunk)' : ''}.**`, '', '```json', json.length <= COUNTEREXAMPLE_INLINE ? json : `${json.slice(0, COUNTEREXAMPLE_INLINE)}… (${json.length} characters: see counterexample.json)`, '```');
  }
  if (subject.data) lines.push('', `**Negative control.** not run on a user's dataset (it runs on generated data: \`npx claims run\`).`);
  else lines.push('', `**Negative control.** ${def.control.description}: ${run.control.verdict} (must be ${controlExpected(def)}). ${run.control.message}`);
  return lines.join('\n');
}

/** Longest counterexample (JSON characters) shown inline on a claim's page; longer ones are cut (the attachment has all). */
const COUNTEREXAMPLE_INLINE = 4000;

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6);
}

/** The "outcome" label of a claim's page (also the Allure categories of allurerc.mjs). */
export const VIOLATED_AS_EXPECTED = 'violated as expected (statement checked as written)';
export function outcomeLabel(def: ClaimDefinition, run: ClaimRun): string {
  if (runAsExpected(def, run)) return run.claim.verdict === 'violated' ? VIOLATED_AS_EXPECTED : `${run.claim.verdict} as expected`;
  return run.claim.verdict === def.expected ? `negative control ${run.control.verdict} (unexpected)` : `${run.claim.verdict} (unexpected)`;
}

/**
 * The Allure status of a claim's page says whether the run went as expected, so that a run that is all as expected
 * reads as all passed (README "How to read the report"): claim and control as expected → passed (a statement
 * checked as written and violated as expected included: its "outcome" label and title say so); an unexpected
 * confirmed or violated (of the claim or of the control) → failed; an unexpected error → broken; an unexpected
 * inconclusive → skipped. The message names the verdict that differs.
 */
export function expectedStatus(def: ClaimDefinition, run: ClaimRun): { status: 'passed' | 'failed' | 'broken' | 'skipped'; message?: string } {
  const d = deciding(def, run);
  if (!d) return { status: 'passed' };
  const { who, o, expected } = d;
  const text = `${who}: ${o.verdict}, expected ${expected}: ${o.message}${o.replayCommand ? `\nreplay: ${o.replayCommand}` : ''}`;
  if (o.verdict === 'inconclusive') return { status: 'skipped', message: `inconclusive (${text})` };
  if (o.verdict === 'error') return { status: 'broken', message: `${errorTitle(o.error)} (${text})` };
  return { status: 'failed', message: `unexpected verdict (${text})` };
}

/** The outcome that decides a page's status: the claim's when it is not as expected, else the control's; none when both are. */
function deciding(def: ClaimDefinition, run: ClaimRun): { who: string; o: Outcome; expected: Verdict } | undefined {
  if (run.claim.verdict !== def.expected) return { who: 'claim', o: run.claim, expected: def.expected };
  if (run.control.verdict !== controlExpected(def)) return { who: 'negative control', o: run.control, expected: controlExpected(def) };
  return undefined;
}

/**
 * The typed error behind a broken page (the deciding outcome's, src/harness/outcome-kinds.ts): the labels `error`
 * (its kind) and `fault`, which the categories of allurerc.mjs match — never the message.
 */
export function statusError(def: ClaimDefinition, run: ClaimRun): OutcomeError | undefined {
  const d = deciding(def, run);
  return d?.o.verdict === 'error' ? (d.o.error ?? { kind: 'harness', name: 'Error' }) : undefined;
}

/** Reports a claim run to Allure: labels (epic = lecture, feature = topic, story = id), links, parameters, attachments. */
export async function reportToAllure(def: ClaimDefinition, run: ClaimRun, opts: { profile: Profile; seed: number } & RunSubject): Promise<void> {
  const c = run.claim;
  const out = outcomeLabel(def, run);
  await allure.displayName(`${def.id}: ${def.title}${out === VIOLATED_AS_EXPECTED ? ' [violated as expected: statement checked as written]' : ''}`);
  await allure.label('outcome', out);
  if (out === VIOLATED_AS_EXPECTED) await allure.tag('checked as written');
  await allure.epic(def.source.lecture);
  await allure.feature(def.topic);
  await allure.story(def.id);
  await allure.label('group', def.group);
  await allure.label('expected', def.expected);
  await allure.label('verdict', c.verdict);
  const err = statusError(def, run);
  if (err) await allure.label('error', err.kind);
  if (err?.fault) await allure.label('fault', err.fault);
  for (const l of def.source.links ?? []) await allure.link(l.url, l.name);
  await allure.parameter('profile', opts.profile);
  if (opts.implementation) await allure.parameter('implementation', opts.implementation.name);
  if (opts.data) await allure.parameter('dataset', opts.data.path);
  await allure.parameter('seed', String(opts.seed), { excluded: true });
  await allure.parameter('trials', String(c.trials), { excluded: true });
  await allure.description(describeClaim(def, run, opts));
  await allure.attachment('figures.json', JSON.stringify(c.figures, null, 2), 'application/json');
  if (c.plot) await allure.attachment(`${plainText(c.plot.title)}.svg`, await renderSvg(c.plot), 'image/svg+xml');
  if (c.data !== undefined) await allure.attachment('trajectory.json', JSON.stringify(c.data), 'application/json');
  if (c.counterexample !== undefined) await allure.attachment('counterexample.json', JSON.stringify(c.counterexample, null, 2), 'application/json');
  if (c.replayCommand) await allure.attachment('replay.txt', c.replayCommand, 'text/plain');
  if (c.stack) await allure.attachment('error-stack.txt', c.stack, 'text/plain');
  if (opts.data) return; // the control runs on generated data, not on a user's dataset
  await allure.step(`negative control: ${def.control.description} → ${run.control.verdict}`, async () => {
    await allure.attachment('control.txt', run.control.message, 'text/plain');
    if (run.control.plot) await allure.attachment(`control ${plainText(run.control.plot.title)}.svg`, await renderSvg(run.control.plot), 'image/svg+xml');
  });
}
