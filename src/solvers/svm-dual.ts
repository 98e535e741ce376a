/**
 * The hard-margin SVM dual, max_{α ≥ 0} Σα_i − ½‖Σ α_i z_i‖², solved by Hildreth's coordinate ascent
 * (exact maximization in one α_i at a time, clipped at 0) — an algorithm independent of quadprog's primal
 * active set, used to cross-check it. Stops when the KKT residual of the dual
 * max_i |min(α_i, 1 − ⟨w, z_i⟩)|... (projected gradient) is ≤ tol, or after maxSweeps; returns the residual
 * reached so that the caller decides whether to trust it.
 * @example hildrethDual(new Float64Array([1, 0, 0, 1]), 2, 2).alpha // ≈ [1, 1]
 */
export function hildrethDual(Z: Float64Array, n: number, d: number, opts: { tol?: number; maxSweeps?: number } = {}): { alpha: Float64Array; w: Float64Array; residual: number; sweeps: number } {
  const tol = opts.tol ?? 1e-13;
  const maxSweeps = opts.maxSweeps ?? 200_000;
  const alpha = new Float64Array(n);
  const w = new Float64Array(d);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) sq[i] += Z[i * d + k] ** 2;
  let residual = Infinity;
  let sweep = 0;
  for (; sweep < maxSweeps && residual > tol; sweep++) {
    for (let i = 0; i < n; i++) {
      if (sq[i] === 0) continue;
      let m = 0;
      for (let k = 0; k < d; k++) m += w[k] * Z[i * d + k];
      const next = Math.max(0, alpha[i] + (1 - m) / sq[i]);
      const delta = next - alpha[i];
      if (delta !== 0) {
        alpha[i] = next;
        for (let k = 0; k < d; k++) w[k] += delta * Z[i * d + k];
      }
    }
    residual = 0;
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (let k = 0; k < d; k++) m += w[k] * Z[i * d + k];
      // projected gradient of the dual: 1 − ⟨w, z_i⟩, clipped where α_i = 0 and the gradient points below 0
      const g = 1 - m;
      residual = Math.max(residual, alpha[i] > 0 ? Math.abs(g) : Math.max(0, g));
    }
  }
  return { alpha, w, residual, sweeps: sweep };
}
