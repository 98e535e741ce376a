/**
 * `npm run bench` (SVM part): the separability check and the certified hard-margin SVM of `claims check --data`
 * (loadUserData's hardMarginSVM: duplicates merged, working set above 2000 points, the KKT and duality-gap
 * certificate on all points) on a separable 50,000 × 200 planted set (bench/data.ts, planted margin 0.1 before
 * scaling); target < 30 s. Peak memory is the process's maxRSS (getrusage), which includes the GD benchmark run
 * before it in the same process; the Z matrix alone is 80 MB. Run alone: `npx tsx bench/svm.ts`.
 */
import { hardMarginSVM } from '../src/solvers/svm.js';
import { plantedSeparable } from './data.js';

export function svmBench(n = 50_000, d = 200): void {
  const { Z } = plantedSeparable(n, d, 7, 0.1);
  const t0 = performance.now();
  const sol = hardMarginSVM(Z, n, d);
  const s = (performance.now() - t0) / 1000;
  const worst = Math.max(...Object.values(sol.kkt), Math.abs(sol.dualityGap));
  console.log(
    `\nSeparability + certified hard-margin SVM, n = ${n}, d = ${d} planted separable: ${s.toFixed(1)} s  ${s < 30 ? 'PASS' : 'MISS'} (target < 30 s); ` +
      `γ̄ = ${sol.gamma.toExponential(3)}, ${sol.support.length} support vectors, worst KKT residual / duality gap ${worst.toExponential(2)}; ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) svmBench();
