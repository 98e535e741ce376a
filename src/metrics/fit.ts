/** A least-squares line y = intercept + slope·x with the slope's standard error and a 95% interval. */
export interface LineFit {
  slope: number;
  intercept: number;
  slopeSE: number;
  /** 95% interval of the slope (Student t); descriptive only: trajectory points are autocorrelated */
  slopeCI: [number, number];
  r2: number;
  points: number;
}

// two-sided 95% Student t quantiles for df = 1..30; 1.96 beyond
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** Ordinary least squares of y on x (needs ≥ 3 points with distinct x). */
export function fitLine(x: number[], y: number[]): LineFit {
  const m = x.length;
  if (m !== y.length || m < 3) throw new RangeError(`fitLine: needs ≥ 3 paired points, got ${m} and ${y.length}`);
  const mx = x.reduce((a, b) => a + b, 0) / m;
  const my = y.reduce((a, b) => a + b, 0) / m;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < m; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) ** 2;
  }
  if (!(sxx > 0)) throw new RangeError('fitLine: x has no spread');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = Math.max(0, syy - slope * sxy);
  const slopeSE = Math.sqrt(sse / (m - 2) / sxx);
  const q = m - 2 <= 30 ? T95[m - 3] : 1.96;
  return { slope, intercept, slopeSE, slopeCI: [slope - q * slopeSE, slope + q * slopeSE], r2: syy > 0 ? 1 - sse / syy : 1, points: m };
}

/** Indices of the checkpoints in the last `fraction` of the horizon on a log scale (the "late horizon"). */
export function lateIndices(t: number[], fraction = 0.5): number[] {
  const lo = Math.log(t[0]);
  const hi = Math.log(t[t.length - 1]);
  const cut = hi - fraction * (hi - lo);
  const out: number[] = [];
  t.forEach((v, i) => {
    if (Math.log(v) >= cut) out.push(i);
  });
  return out;
}
