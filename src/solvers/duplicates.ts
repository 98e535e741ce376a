/**
 * Identical points z_i = y_i x_i (duplicates) in the hard-margin SVM. The SVM's constraints ⟨w, z_i⟩ ≥ 1 do not
 * change when a z is repeated, so ŵ (and the limit direction of GD) is that of the distinct points; but the dual
 * is then not unique: any split Σ_{copies} α_i = α_z of a distinct point's multiplier is optimal, and an
 * active-set solver typically puts all of it on one copy and 0 on the others — which then look like support
 * vectors with α = 0 ("degenerate", Soudry et al. 2018 Sec. 4), although the data are not.
 *
 * The split GD's limit selects is the equal one: every copy of z has the same margin ⟨w_t, z⟩ at every t, so
 * each receives the same share of the gradient, and in the limit ρ(t) → w̃ of Soudry et al. (eq. 8),
 * η e^{−⟨z, w̃⟩} = α_i holds for each copy with the same w̃: α_i = α_z / m_z, m_z the number of copies.
 * So the SVM is solved on the distinct points and each copy gets α_z/m_z; the certificate (KKT, duality gap) is
 * then checked on the original points (it holds: Σ_copies α_z/m_z · z = α_z z).
 */

/**
 * The distinct rows of Z (point-major n×d): their matrix, and for every original row the index of its row.
 * Rows are bucketed by a hash of their float64 bits and compared exactly within a bucket (O(n·d), no strings).
 */
export function distinctRows(Z: Float64Array, n: number, d: number): { Z: Float64Array; m: number; of: Int32Array; count: Int32Array } {
  const bits = new Uint32Array(Z.buffer, Z.byteOffset, Z.length * 2);
  const buckets = new Map<number, number[]>();
  const of = new Int32Array(n);
  const firsts: number[] = [];
  const same = (a: number, b: number) => {
    for (let k = 0; k < d; k++) if (Z[a * d + k] !== Z[b * d + k]) return false; // 0 === −0: the same point
    return true;
  };
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let k = 0; k < 2 * d; k++) {
      const v = Z[i * d + (k >> 1)] === 0 ? 0 : bits[2 * i * d + k]; // −0 hashes like 0
      h = Math.imul(h ^ v, 0x01000193) >>> 0;
    }
    const bucket = buckets.get(h);
    const j = bucket?.find((f) => same(firsts[f], i));
    if (j === undefined) {
      of[i] = firsts.length;
      if (bucket) bucket.push(firsts.length);
      else buckets.set(h, [firsts.length]);
      firsts.push(i);
    } else of[i] = j;
  }
  const m = firsts.length;
  const U = new Float64Array(m * d);
  firsts.forEach((i, j) => U.set(Z.subarray(i * d, (i + 1) * d), j * d));
  const count = new Int32Array(m);
  for (let i = 0; i < n; i++) count[of[i]]++;
  return { Z: U, m, of, count };
}

/** Multipliers of the distinct points spread over the original ones, each copy α_z/m_z (see the file comment). */
export function splitMultipliers(alphaDistinct: Float64Array, of: Int32Array, count: Int32Array): Float64Array {
  const alpha = new Float64Array(of.length);
  for (let i = 0; i < of.length; i++) alpha[i] = alphaDistinct[of[i]] / count[of[i]];
  return alpha;
}
