/**
 * A user's dataset for `claims check --data FILE` (format: docs/data-format.md). Read, then verified before any
 * claim runs; each failed assumption is a DataError naming itself and where it fails:
 *
 *   1. parsable: every coordinate and label a finite number (row and column named);
 *   2. labels ±1 (a 0/1 label is refused with the hint to map 0 → −1);
 *   3. one dimension d ≥ 1 for every point, n ≥ 1;
 *   4. ‖x_i‖ ≤ 1, the claims' assumption: by default the points are rescaled by 1/max‖x_i‖ and the notes say so
 *      (directions do not change; ŵ scales by R and γ̄ by 1/R); with `rescale: false` a point outside the unit
 *      ball is an error;
 *   5. linearly separable through the origin: the hard-margin SVM is solved and verified (KKT, duality gap); a
 *      non-separable dataset is refused with the Gordan certificate (a convex combination of the y_i x_i at 0),
 *      and with the hint "try --intercept" when the data are separable once a constant coordinate is appended.
 * With `intercept: true` (`--intercept`) a constant coordinate x_{d+1} = 1 is appended to every point before
 * anything else: the model ⟨w, x⟩ + b with b = w_{d+1}, the bias then part of the implicit bias (GD treats it like
 * any weight; the max margin is that of the augmented points). The notes say so.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { makeDataset, type Dataset } from '../data/dataset.js';
import { AssumptionError, DataError, SolverVerificationError } from '../harness/errors.js';
import { hardMarginSVM } from '../solvers/svm.js';

export { DataError };

/** A verified dataset with what was done to it. */
export interface UserData {
  ds: Dataset;
  path: string;
  format: 'csv' | 'json';
  /** max ‖x_i‖ of the file, and the factor the points were multiplied by (1 when not rescaled) */
  maxNorm: number;
  scale: number;
  /** the max margin γ̄ of the (rescaled) data, from the verified SVM */
  gammaBar: number;
  /** what the loader did, in words, for the report */
  notes: string[];
}

/** Reads and verifies a dataset file. */
export function loadUserData(path: string, opts: { rescale?: boolean; intercept?: boolean } = {}): UserData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataError(`${path}: cannot read the file: ${(e as Error).message}`);
  }
  const format = extname(path).toLowerCase() === '.json' ? 'json' : 'csv';
  const { points, labels } = format === 'json' ? parseJson(text, path) : parseCsv(text, path);
  return verifyUserData(points, labels, path, format, opts);
}

/** Checks 2–5 on parsed points and labels (exported for tests). */
export function verifyUserData(points: number[][], labels: number[], path: string, format: 'csv' | 'json', opts: { rescale?: boolean; intercept?: boolean } = {}): UserData {
  const n = points.length;
  if (n === 0) throw new DataError(`${path}: no points`);
  if (labels.length !== n) throw new DataError(`${path}: ${n} points but ${labels.length} labels`);
  const d = points[0].length;
  if (d === 0) throw new DataError(`${path}: point 1 has no coordinates (each row needs x_1 … x_d and the label)`);
  points.forEach((p, i) => {
    if (p.length !== d) throw new DataError(`${path}: point ${i + 1} has ${p.length} coordinates, point 1 has ${d} (every point needs the same dimension)`);
    p.forEach((v, k) => {
      if (!Number.isFinite(v)) throw new DataError(`${path}: point ${i + 1}, coordinate ${k + 1} is ${v} (coordinates must be finite numbers)`);
    });
  });
  labels.forEach((y, i) => {
    if (y !== 1 && y !== -1)
      throw new DataError(`${path}: point ${i + 1} has label ${y}; labels must be −1 or +1${y === 0 ? ' (for 0/1 labels, map 0 → −1)' : ''}`);
  });
  const notes: string[] = [];
  if (opts.intercept) {
    points = points.map((p) => [...p, 1]);
    notes.push(`appended a constant coordinate x_${d + 1} = 1 to every point (--intercept): the claims are about the model ⟨w, x⟩ + b with b = w_${d + 1}, the bias regularized implicitly like the weights`);
  }
  const norms = points.map((p) => Math.hypot(...p));
  const maxNorm = Math.max(...norms);
  const worst = norms.indexOf(maxNorm);
  let scale = 1;
  if (maxNorm === 0) throw new DataError(`${path}: every point is 0: no direction separates them with a positive margin`);
  if (maxNorm > 1) {
    if (opts.rescale === false)
      throw new DataError(`${path}: ‖x_${worst + 1}‖ = ${maxNorm.toPrecision(6)} exceeds 1, and the claims assume ‖x_i‖ ≤ 1 (drop --no-rescale to rescale the points by 1/max‖x_i‖)`);
    scale = 1 / maxNorm;
    notes.push(
      `rescaled every point by 1/${maxNorm.toPrecision(6)} (the largest ‖x_i‖, point ${worst + 1}) so that ‖x_i‖ ≤ 1 as the claims assume; directions are unchanged, margins of the rescaled data are the file's divided by ${maxNorm.toPrecision(6)}`,
    );
  }
  const ds = makeDataset(scale === 1 ? points : points.map((p) => p.map((v) => v * scale)), labels);
  let gammaBar: number;
  try {
    gammaBar = hardMarginSVM(ds.Z, ds.n, ds.d).gamma;
  } catch (e) {
    if (e instanceof AssumptionError)
      throw new DataError(`${path}: the data are not linearly separable through the origin (the claims assume they are): ${e.message}${!opts.intercept && separableWithIntercept(ds) ? '. They are separable with an intercept (a bias b in ⟨w, x⟩ + b): try --intercept' : ''}`);
    if (e instanceof SolverVerificationError)
      throw new DataError(`${path}: separability could not be decided: the max-margin reference found no answer it could certify on these data (rescaling or standardizing the features usually helps): ${e.message}`);
    throw e;
  }
  notes.push(`n = ${n} points in d = ${ds.d} dimensions${opts.intercept ? ` (${d} + the constant)` : ''}, labels ${labels.filter((y) => y === 1).length} × (+1), ${labels.filter((y) => y === -1).length} × (−1); separable through the origin with max margin γ̄ = ${gammaBar.toPrecision(6)} (verified SVM)`);
  return { ds, path, format, maxNorm, scale, gammaBar, notes };
}

/** True when the points with a constant coordinate appended are separable through the origin (the SVM verifies). */
function separableWithIntercept(ds: Dataset): boolean {
  const Z = new Float64Array(ds.n * (ds.d + 1));
  for (let i = 0; i < ds.n; i++) {
    for (let k = 0; k < ds.d; k++) Z[i * (ds.d + 1) + k] = ds.Z[i * ds.d + k];
    Z[i * (ds.d + 1) + ds.d] = ds.y[i];
  }
  try {
    hardMarginSVM(Z, ds.n, ds.d + 1);
    return true;
  } catch {
    return false;
  }
}

/**
 * CSV: one point per line, `x_1,…,x_d,y` (label last). Optional header line (any non-numeric field): then the
 * label is the column named `y` or `label` if there is one, else the last. Blank lines and lines starting with
 * `#` are skipped. Separators: comma, semicolon, tab or spaces.
 */
export function parseCsv(text: string, path = 'data'): { points: number[][]; labels: number[] } {
  const rows = text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), no: i + 1 }))
    .filter((r) => r.line !== '' && !r.line.startsWith('#'));
  if (rows.length === 0) throw new DataError(`${path}: no rows`);
  const split = (s: string) => s.split(/\s*[,;\t]\s*|\s+/).map((f) => f.trim());
  let labelCol = -1;
  let start = 0;
  const first = split(rows[0].line);
  const numeric = (f: string) => f !== '' && Number.isFinite(Number(f));
  // a first row whose only non-numeric field is the last one, as in the next row, is data with a word label
  const wordLabelRow = (r: string[]) => r.length > 1 && r.slice(0, -1).every(numeric) && !numeric(r[r.length - 1]);
  const header = first.some((f) => !numeric(f)) && !(wordLabelRow(first) && (rows.length < 2 || wordLabelRow(split(rows[1].line))));
  if (header) {
    start = 1;
    labelCol = first.findIndex((f) => /^(y|label)$/i.test(f));
    if (labelCol < 0) labelCol = first.length - 1;
  }
  const points: number[][] = [];
  const labels: number[] = [];
  for (const r of rows.slice(start)) {
    const fields = split(r.line);
    if (fields.length < 2) throw new DataError(`${path}: line ${r.no} has ${fields.length} field; each row needs x_1 … x_d and the label`);
    const lc = labelCol < 0 ? fields.length - 1 : labelCol;
    if (!numeric(fields[lc] ?? ''))
      throw new DataError(`${path}: line ${r.no}: the label is "${fields[lc]}"; labels must be −1 or +1 (map each class to one of them, e.g. one class against the rest)`);
    const nums = fields.map((f, k) => {
      const v = f === '' ? NaN : Number(f);
      if (!Number.isFinite(v)) throw new DataError(`${path}: line ${r.no}, column ${k + 1}: "${f}" is not a finite number`);
      return v;
    });
    labels.push(nums[lc]);
    points.push(nums.filter((_, k) => k !== lc));
  }
  return { points, labels };
}

/**
 * JSON, one of: `{ "X": [[…], …], "y": [±1, …] }`, `{ "points": [[…], …], "labels": [±1, …] }` (the form of a
 * counterexample in audit.json, so a shrunk counterexample can be fed back), or `[{ "x": […], "y": ±1 }, …]`.
 */
export function parseJson(text: string, path = 'data'): { points: number[][]; labels: number[] } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new DataError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  const asNumbers = (a: unknown, what: string, labels = false): number[] => {
    if (!Array.isArray(a)) throw new DataError(`${path}: ${what} must be an array of numbers`);
    return a.map((x, k) => {
      if (labels && typeof x !== 'number') throw new DataError(`${path}: label ${what}[${k}] is ${JSON.stringify(x)}; labels must be −1 or +1 (map each class to one of them, e.g. one class against the rest)`);
      if (typeof x !== 'number') throw new DataError(`${path}: ${what}[${k}] is ${JSON.stringify(x)}, not a number`);
      return x;
    });
  };
  if (Array.isArray(v)) {
    const points: number[][] = [];
    const labels: number[] = [];
    v.forEach((r, i) => {
      if (!r || typeof r !== 'object' || !('x' in r) || !('y' in r)) throw new DataError(`${path}: element ${i} must be { "x": [...], "y": ±1 }`);
      points.push(asNumbers((r as { x: unknown }).x, `[${i}].x`));
      labels.push(asNumbers([(r as { y: unknown }).y], `[${i}].y`, true)[0]);
    });
    return { points, labels };
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const X = o.X ?? o.points;
    const y = o.y ?? o.labels;
    if (!Array.isArray(X) || !Array.isArray(y)) throw new DataError(`${path}: expected { "X": [[…]], "y": […] }, { "points": [[…]], "labels": […] } or [{ "x": […], "y": ±1 }]`);
    return { points: X.map((p, i) => asNumbers(p, `X[${i}]`)), labels: asNumbers(y, 'y', true) };
  }
  throw new DataError(`${path}: expected { "X": [[…]], "y": […] }, { "points": [[…]], "labels": […] } or [{ "x": […], "y": ±1 }]`);
}
