import { AssumptionError } from '../harness/errors.js';
import type { Dataset } from './dataset.js';

/** What a dataset must satisfy; each failed check names itself in the AssumptionError. */
export interface DatasetRequirements {
  /** ‖x_i‖ ≤ 1 (+1e-12 for rounding of the scaling) */
  unitBall?: boolean;
  /** a direction u with min_i ⟨u, z_i⟩ ≥ margin > 0 that certifies separability */
  certificate?: { direction: Float64Array; margin: number };
}

/**
 * Verifies a dataset after generation (or as given by a user): shapes, labels ±1, finite coordinates, Z = y·X,
 * and the requirements. Throws AssumptionError naming the first failure; never returns a partial answer.
 */
export function verifyDataset(ds: Dataset, req: DatasetRequirements = {}): void {
  const { n, d, X, y, Z } = ds;
  if (!(n >= 1 && d >= 1)) throw new AssumptionError(`dataset: needs n ≥ 1 and d ≥ 1, got n=${n}, d=${d}`);
  if (X.length !== n * d || Z.length !== n * d || y.length !== n)
    throw new AssumptionError(`dataset: buffer sizes X=${X.length}, Z=${Z.length}, y=${y.length} do not match n=${n}, d=${d}`);
  for (let i = 0; i < n; i++) {
    if (y[i] !== 1 && y[i] !== -1) throw new AssumptionError(`dataset: label ${i} is ${y[i]}, expected ±1`);
    let nn = 0;
    for (let k = 0; k < d; k++) {
      const v = X[i * d + k];
      if (!Number.isFinite(v)) throw new AssumptionError(`dataset: x_${i}[${k}] is ${v} (NaN or infinite)`);
      if (Z[i * d + k] !== y[i] * v) throw new AssumptionError(`dataset: z_${i}[${k}] ≠ y_${i} x_${i}[${k}]`);
      nn += v * v;
    }
    if (req.unitBall && Math.sqrt(nn) > 1 + 1e-12)
      throw new AssumptionError(`dataset: ‖x_${i}‖ = ${Math.sqrt(nn)} exceeds 1 (the claim assumes ‖x‖ ≤ 1)`);
  }
  if (req.certificate) {
    const { direction: u, margin } = req.certificate;
    let minDot = Infinity;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += u[k] * Z[i * d + k];
      minDot = Math.min(minDot, s);
    }
    if (!(margin > 0) || minDot < margin * (1 - 1e-9))
      throw new AssumptionError(`dataset: not separable by its certificate (min ⟨u, z_i⟩ = ${minDot}, claimed margin ${margin})`);
  }
}
