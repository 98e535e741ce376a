/**
 * The one table printer of the command line: the verdict table of run and check, the mutant table of power. Rows
 * of cells, each column padded to its width (the last column is not padded).
 */

/** Lines of a table: a header row and the rows, columns padded to `widths` (the last one free). */
export function table(header: string[], rows: string[][], widths: number[]): string[] {
  const line = (cells: string[]) => cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c)).join(' ').trimEnd();
  return [line(header), ...rows.map(line)];
}

/** What the verdict table reads of a claim's audit record (src/report/outcomes.ts AuditClaim). */
interface VerdictRow {
  id: string;
  verdict: string;
  expected: string;
  asExpected: boolean;
  control: { verdict: string; asExpected: boolean; skipped?: boolean };
}

/** `claim  verdict  expected  control`; " !" marks a verdict that is not the expected one; claims that did not apply last. */
export function verdictTable(claims: VerdictRow[], notApplicable: { id: string; reason: string }[] = []): string[] {
  const mark = (v: string, ok: boolean) => v + (ok ? '' : ' !');
  const rows = claims.map((c) => [c.id, mark(c.verdict, c.asExpected), c.expected, c.control.skipped ? 'not run' : mark(c.control.verdict, c.control.asExpected)]);
  return [...table(['claim', 'verdict', 'expected', 'control'], rows, [48, 13, 13]), ...notApplicable.map((c) => `${c.id.padEnd(48)} not applicable: ${c.reason}`)];
}

/** `mutant  role  caught by` (src/impl/power.ts). */
export function mutantTable(mutants: { name: string; role: string; caughtBy: string[]; applicable: number }[]): string[] {
  const caught = (m: (typeof mutants)[number]) => (m.caughtBy.length ? m.caughtBy.join(', ') : m.applicable ? '— not caught' : '— no claim exercises this role');
  return table(['mutant', 'role', 'caught by'], mutants.map((m) => [m.name, m.role, caught(m)]), [28, 10]);
}
