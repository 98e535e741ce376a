/**
 * A labelled dataset, stored point-major: X[i*d + k] is coordinate k of x_i, y[i] ∈ {±1},
 * Z[i*d + k] = y_i x_i[k] (the z_i of the slides). The slides' X ∈ R^{d×n} has the x_i as columns;
 * this buffer is its transpose laid out row by row.
 */
export interface Dataset {
  readonly n: number;
  readonly d: number;
  readonly X: Float64Array;
  readonly y: Float64Array;
  readonly Z: Float64Array;
}

/** Builds a Dataset from points and labels, computing Z; checks shapes, labels and finiteness. */
export function makeDataset(points: ArrayLike<number>[], labels: ArrayLike<number>): Dataset {
  const n = points.length;
  if (n === 0) throw new RangeError('makeDataset: no points');
  if (labels.length !== n) throw new RangeError(`makeDataset: ${n} points but ${labels.length} labels`);
  const d = points[0].length;
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  const Z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (points[i].length !== d) throw new RangeError(`makeDataset: point ${i} has ${points[i].length} coordinates, expected ${d}`);
    const yi = labels[i];
    if (yi !== 1 && yi !== -1) throw new RangeError(`makeDataset: label ${i} is ${yi}, expected ±1`);
    y[i] = yi;
    for (let k = 0; k < d; k++) {
      const v = points[i][k];
      if (!Number.isFinite(v)) throw new RangeError(`makeDataset: point ${i} coordinate ${k} is ${v}`);
      X[i * d + k] = v;
      Z[i * d + k] = yi * v;
    }
  }
  return { n, d, X, y, Z };
}

/** The points as arrays (for reports and counterexamples). */
export function datasetToJSON(ds: Dataset): { points: number[][]; labels: number[] } {
  const points: number[][] = [];
  for (let i = 0; i < ds.n; i++) points.push(Array.from(ds.X.subarray(i * ds.d, (i + 1) * ds.d)));
  return { points, labels: Array.from(ds.y) };
}
