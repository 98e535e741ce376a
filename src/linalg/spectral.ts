import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Largest singular value σ_max of the point-major n×d matrix A (the slides' X has the same σ_max),
 * from the eigenvalues of the d×d Gram matrix AᵀA (ml-matrix's symmetric eigensolver, exact to rounding;
 * power iteration would give a lower bound that can let an over-large step through the step-size check).
 */
export function sigmaMax(A: Float64Array, n: number, d: number): number {
  const G = Matrix.zeros(d, d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let a = 0; a < d; a++) {
      const va = A[o + a];
      if (va === 0) continue;
      for (let b = a; b < d; b++) G.set(a, b, G.get(a, b) + va * A[o + b]);
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) G.set(a, b, G.get(b, a));
  const ev = new EigenvalueDecomposition(G, { assumeSymmetric: true }).realEigenvalues;
  return Math.sqrt(Math.max(0, ...ev));
}
