/**
 * Types for `quadprog` 1.6.1 (Goldfarb–Idnani dual active-set QP, a port of R's quadprog), which ships none.
 * solveQP minimizes −dᵀb + ½ bᵀDb subject to Aᵀb ≥ b0 (the first `meq` constraints as equalities).
 * Every array is 1-INDEXED (entry 0 is ignored; a 0-indexed input gives a wrong answer silently), and
 * Dmat and dvec are OVERWRITTEN (Dmat by its factor, dvec by the unconstrained solution).
 */
declare module 'quadprog' {
  /** Result of solveQP; `message` is '' on success. All arrays are 1-indexed. */
  export interface QuadprogResult {
    /** The minimizer b, entries 1..n. Absent when the inputs were rejected before solving. */
    solution: number[];
    /** Lagrange multipliers, entries 1..q (one per column of Amat). */
    Lagrangian: number[];
    /** value[1] = −dᵀb + ½ bᵀDb at the solution. */
    value: number[];
    /** D⁻¹d (the overwritten dvec). */
    unconstrained_solution: number[];
    /** iterations[1]: iterations; iterations[2]: constraints dropped. */
    iterations: number[];
    /** Indices of the active constraints, 1-based, first entries. */
    iact: number[];
    /** '' on success, else e.g. 'constraints are inconsistent, no solution!'. */
    message: string;
  }
  /** Dmat: (n+1)×(n+1), dvec: n+1, Amat: (n+1)×(q+1) (Amat[k][i] = coefficient of b_k in constraint i), bvec: q+1. */
  export function solveQP(
    Dmat: number[][],
    dvec: number[],
    Amat: number[][],
    bvec?: number[],
    meq?: number,
    factorized?: number[],
  ): QuadprogResult;
  const quadprog: { solveQP: typeof solveQP };
  export default quadprog;
}
