/**
 * A margin loss ℓ(u) of u = y⟨w, x⟩, with what the claims need of it. Every function is stable on |u| ≤ 1e3:
 * no overflow where the true value is representable, no loss of the small tail (ℓ(40) is 4.2e-18, not 0).
 */
export interface Loss {
  /** short name used in reports: "logistic", "exponential", "square" */
  readonly name: string;
  /** ℓ(u) */
  value(u: number): number;
  /** log ℓ(u): finite even where ℓ(u) overflows (exponential loss at u = −1e3) or underflows */
  logValue(u: number): number;
  /** ℓ'(u) */
  derivative(u: number): number;
  /** ℓ⁻¹(v) for v in the range of ℓ on its decreasing branch */
  inverse(v: number): number;
  /** smoothness β = sup ℓ'' where it is finite (¼ for logistic, 1 for square); Infinity for exponential */
  readonly beta: number;
}

/** ℓ(u) = log(1 + e^{−u}); ℓ' = −1/(1 + e^{u}) ∈ (−1, 0); β = ¼. */
export const logistic: Loss = {
  name: 'logistic',
  value: (u) => (u >= 0 ? Math.log1p(Math.exp(-u)) : -u + Math.log1p(Math.exp(u))),
  logValue(u) {
    // for u > 36 log1p(e^{−u}) = e^{−u}(1 − e^{−u}/2 + …), so log ℓ = −u + log1p(−e^{−u}/2 …)
    if (u > 36) return -u + Math.log1p(-0.5 * Math.exp(-u));
    return Math.log(this.value(u));
  },
  derivative: (u) => (u >= 0 ? -Math.exp(-u) / (1 + Math.exp(-u)) : -1 / (1 + Math.exp(u))),
  inverse(v) {
    if (!(v > 0)) throw new RangeError(`logistic.inverse: needs v > 0, got ${v}`);
    // ℓ(u) = v ⇔ e^{−u} = e^{v} − 1 ⇔ u = −log(expm1(v)); for large v use expm1(v) = e^{v}(1 − e^{−v})
    return v < 30 ? -Math.log(Math.expm1(v)) : -v - Math.log1p(-Math.exp(-v));
  },
  beta: 0.25,
};

/** ℓ(u) = e^{−u}; ℓ' = −e^{−u}; not globally smooth (β = ∞), smooth on sublevel sets. */
export const exponential: Loss = {
  name: 'exponential',
  value: (u) => Math.exp(-u),
  logValue: (u) => -u,
  derivative: (u) => -Math.exp(-u),
  inverse(v) {
    if (!(v > 0)) throw new RangeError(`exponential.inverse: needs v > 0, got ${v}`);
    return -Math.log(v);
  },
  beta: Infinity,
};

/** ℓ(u) = ½(1 − u)², the square loss of a ±1 label (y⟨w,x⟩ − 1)² / 2; β = 1. Inverse on u ≤ 1. */
export const square: Loss = {
  name: 'square',
  value: (u) => 0.5 * (1 - u) * (1 - u),
  logValue: (u) => Math.log(0.5) + 2 * Math.log(Math.abs(1 - u)),
  derivative: (u) => u - 1,
  inverse(v) {
    if (!(v >= 0)) throw new RangeError(`square.inverse: needs v ≥ 0, got ${v}`);
    return 1 - Math.sqrt(2 * v);
  },
  beta: 1,
};

export const losses = { logistic, exponential, square } as const;
