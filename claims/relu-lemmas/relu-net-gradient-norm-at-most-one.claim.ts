import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { fmt } from '../../src/experiments/flow-claims.js';
import { RELU_ROUND, reluGradWAutodiff, reluProperty, U32, type ReluSetting } from '../../src/experiments/relu-lemmas.js';
import { loadTf, tfBackendName, type Tf } from '../../src/models/tf-backend.js';
import { reluNetForward, reluNetGradX } from '../../src/models/relu2.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * ‖∇_W f(x; W)‖_F ≤ 1 for ‖x‖ ≤ 1 ("Settings", first slide): ‖∇f‖_F² = (1/m)Σ_j σ'(⟨w_j, x⟩)²‖x‖² ≤ ‖x‖².
 * Checked for every point x_k of a generated setting (half of them exactly on the sphere, where the bound is reached
 * when every unit is active) at the generated W (also W = 0: every unit at its kink), σ'(0) ∈ {0, ½, 1}.
 * The hand-written gradient is first checked against one-sided difference quotients, which are exact for f since f is
 * linear in W between kinks: each entry must lie between the left and right quotients (at a kink, those are the ends
 * of the Clarke subdifferential), within FD_TOL·S. With the step h = FD_STEP·max(1, |W_jk|), rounding of f (≤ 1e-13
 * of S = m^{-1/2}Σ_j|⟨w_j, x⟩| + 1) enters a quotient as ≤ 1e-7·S, so FD_TOL = 1e-6 leaves a factor 10.
 * It is also compared with TensorFlow.js autodiff (float32) on every entry whose unit is clearly off its kink,
 * |⟨w_j, x⟩| > KINK_F32·Σ_k|w_jk x_k| (float32 may put a near-zero pre-activation on the other side): there the entry is
 * m^{-1/2}a_j x_k, which float32 reproduces to a few roundings of its inputs, so AUTODIFF_TOL = 8u₃₂·m^{-1/2}‖x‖_∞.
 * The bound itself allows RELU_ROUND.
 */
const FD_STEP = 1e-6;
const FD_TOL = 1e-6;
const KINK_F32 = 8 * U32;
const AUTODIFF_TOL = 8 * U32;

function gradientNormAtMostOne(tf: Tf, scale: (m: number) => number) {
  return (s: ReluSetting) => {
    const { m, d } = s, c = scale(m);
    const opts = { sigmaPrimeAtZero: s.sigmaPrimeAtZero };
    const g = new Float64Array(m * d), Wp = Float64Array.from(s.W0);
    let slack = 1, maxNorm = 0;
    for (let k = 0; k < s.n; k++) {
      const x = s.X.subarray(k * d, (k + 1) * d);
      reluNetGradX(s.W0, s.a, m, d, x, g, opts);
      let S = 1;
      for (let j = 0; j < m; j++) { let r = 0; for (let q = 0; q < d; q++) r += s.W0[j * d + q] * x[q]; S += Math.abs(r) / Math.sqrt(m); }
      const f0 = reluNetForward(s.W0, s.a, m, d, x);
      for (let p = 0; p < m * d; p++) {
        const h = FD_STEP * Math.max(1, Math.abs(s.W0[p]));
        Wp[p] = s.W0[p] + h; const right = (reluNetForward(Wp, s.a, m, d, x) - f0) / h;
        Wp[p] = s.W0[p] - h; const left = (f0 - reluNetForward(Wp, s.a, m, d, x)) / h;
        Wp[p] = s.W0[p];
        if (g[p] < Math.min(left, right) - FD_TOL * S || g[p] > Math.max(left, right) + FD_TOL * S)
          throw new Error(`hand-written gradient entry ${p} = ${g[p]} outside the one-sided quotients [${left}, ${right}] (x_${k}): the model code is wrong`);
      }
      const auto = reluGradWAutodiff(tf, s.W0, s.a, m, d, x);
      const xMax = Math.max(...Array.from(x, Math.abs));
      for (let j = 0; j < m; j++) {
        let r = 0, rAbs = 0;
        for (let q = 0; q < d; q++) { r += s.W0[j * d + q] * x[q]; rAbs += Math.abs(s.W0[j * d + q] * x[q]); }
        if (Math.abs(r) <= KINK_F32 * rAbs) continue;
        for (let q = 0; q < d; q++)
          if (Math.abs(auto[j * d + q] - g[j * d + q]) > (AUTODIFF_TOL * xMax) / Math.sqrt(m))
            throw new Error(`hand-written gradient entry (${j}, ${q}) = ${g[j * d + q]} but autodiff (${tfBackendName()}) gives ${auto[j * d + q]} (x_${k}): the model code is wrong`);
      }
      const norm = c * Math.hypot(...g), xNorm = Math.hypot(...x);
      maxNorm = Math.max(maxNorm, norm);
      slack = Math.min(slack, Math.max(0, 1 - norm)); // the bound is reached (to rounding) on the sphere with every unit active
      if (norm > 1 + RELU_ROUND)
        throw new ClaimViolation(`relu-net-gradient-norm-at-most-one [m=${m}, d=${d}, σ'(0)=${s.sigmaPrimeAtZero}, ${c === 1 ? 'm^{-1/2} scaling' : 'standard parametrization'}]: ‖∇_W f(x_${k}; W)‖_F = ${fmt(norm)} > 1 (‖x‖ = ${fmt(xNorm)})`,
          { gradNorm: norm, xNorm, m });
    }
    return { figures: { n: s.n, d, m, maxGradNorm: maxNorm, sigmaPrimeAtZero: s.sigmaPrimeAtZero }, slack };
  };
}

export const claim = defineClaim({
  id: 'relu-net-gradient-norm-at-most-one',
  title: 'Two-layer ReLU net in the m^{-1/2} scaling: ‖∇_W f(x; W)‖_F ≤ 1 on the unit ball',
  group: 'C. Margins and gradient flow (two-layer ReLU)',
  topic: 'ReLU gradient bounds',
  source: seed004('Settings (two-layer ReLU net)', 'gradient of the network', ['telgarskyDlt', 'jiTelgarsky2020Polylog']),
  statement: '‖∇_W f(x; W)‖_F² = (1/m)Σ_j ‖σ\'(w_jᵀx) x‖² ≤ 1 for ‖x‖ ≤ 1',
  assumptions: ['f(x; W) = m^{-1/2} Σ_j a_j σ(⟨x, w_j⟩), a_j = ±1, m ≤ 64, d ≤ 5; ‖x‖ ≤ 1 (half the settings on the sphere); σ\'(0) ∈ {0, ½, 1}; W random or 0'],
  measurement: '‖∇_W f(x_k; W)‖_F of the hand-written gradient for every generated point, after checking it entry by entry against one-sided difference quotients and tfjs autodiff',
  expectation: 'confirmed when every norm is ≤ 1 + RELU_ROUND; slack = min 1 − ‖∇f‖',
  expected: 'confirmed',
  check: async (ctx: ClaimContext) => { const tf = await loadTf(); return reluProperty(ctx, { trial: gradientNormAtMostOne(tf, () => 1), decidedBy: `hand-written gradient, checked against difference quotients and tfjs autodiff (${tfBackendName()})` }); },
  control: {
    description: 'the standard parametrization f = Σ_j a_j σ(⟨x, w_j⟩) (no m^{-1/2}): its gradient norm is up to √(active units)·‖x‖',
    check: async (ctx: ClaimContext) => { const tf = await loadTf(); return reluProperty(ctx, { trial: gradientNormAtMostOne(tf, (m) => Math.sqrt(m)), decidedBy: 'standard parametrization' }); },
  },
});
