/**
 * Figure names for people. audit.json keeps the camelCase keys the checks return (tools read them; they are
 * stable); the report pages and audit.md show them as words: `deficitAtSqrtT` → "deficit at √T",
 * `minSlack` → "min slack", `r2` → "r²", `t0` → "t₀".
 */
const SPECIAL: [RegExp, string][] = [
  [/\bsqrt ([A-Za-z])\b/g, '√$1'],
  [/^r2$/, 'r²'],
  [/^t0$/, 't₀'],
  [/\bgamma\b/g, 'γ'],
  [/\beta\b/g, 'η'],
];

export function figureName(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)
    .map((w) => (/^[A-Z][a-z]/.test(w) ? w.toLowerCase() : w));
  let out = words.join(' ').replace(/\s+/g, ' ').trim();
  for (const [re, to] of SPECIAL) out = out.replace(re, to);
  return out;
}
