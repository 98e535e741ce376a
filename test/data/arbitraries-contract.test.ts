/**
 * The contract of every dataset arbitrary in src/data (as fast-check tests its own arbitraries): the same seed
 * gives the same values, and every generated value AND every shrink fast-check tries satisfies the assumptions of
 * the claims that use it. Shrinks are visited the way a failing property visits them: the predicate records the
 * assumptions and returns false, so fast-check keeps shrinking along the path it reports for a real
 * counterexample (the path of the adaptive-methods replay bug was such a path: all zeros).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { degenerateDataset } from '../../src/data/degenerate.js';
import { leastSquaresProblem, squareSymmetricSystem, verifyLeastSquares } from '../../src/data/least-squares.js';
import { separableDataset } from '../../src/data/separable.js';
import { soudryFigureDataset } from '../../src/data/soudry-figure.js';
import { symmetricDataset } from '../../src/data/symmetric.js';
import { withValidation } from '../../src/data/validation.js';
import { verifyDataset } from '../../src/data/verify.js';
import { weakLearnerMatrix } from '../../src/data/weak-learners.js';
import { wilsonDataset, wilsonTestError } from '../../src/data/wilson.js';
import { ruleProblem } from '../../src/data/rule-problems.js';
import { startedDataset } from '../../src/experiments/gd-claims.js';
import { minNormInterpolant } from '../../src/solvers/pinv.js';
import { limitDual } from '../../src/solvers/limit-dual.js';
import { hardMarginSVM } from '../../src/solvers/svm.js';

/** Throws (with the reason) when v breaks the assumptions. */
type Contract<T> = { name: string; arb: fc.Arbitrary<T>; assume(v: T): void };
const ok = (cond: boolean, why: string) => {
  if (!cond) throw new Error(why);
};
const separable = (ds: Dataset) => hardMarginSVM(ds.Z, ds.n, ds.d); // throws AssumptionError when not separable

const CONTRACTS: Contract<any>[] = [
  {
    name: 'separableDataset',
    arb: separableDataset(),
    assume: (ds) => verifyDataset(ds, { unitBall: true, certificate: ds.planted }),
  },
  {
    name: 'startedDataset (gd-direction-converges)',
    arb: startedDataset(),
    assume: (ds) => {
      verifyDataset(ds, { unitBall: true, certificate: ds.planted });
      ok(ds.start.w0.length === ds.d && ds.start.w0.every(Number.isFinite), 'w0 of the wrong length or not finite');
    },
  },
  {
    name: 'degenerateDataset (α = 0 on the planted support vector, ū and γ̄ as built)',
    arb: degenerateDataset(),
    assume: (ds) => {
      verifyDataset(ds, { unitBall: true });
      const svm = separable(ds);
      ok(Math.abs(svm.gamma - ds.degenerate.margin) <= 1e-9, `γ̄ ${svm.gamma} ≠ ${ds.degenerate.margin}`);
      const ld = limitDual(ds.Z, ds.d, svm);
      ok(ld.degenerate && ld.unneeded.includes(ds.degenerate.index), `not degenerate at point ${ds.degenerate.index}`);
    },
  },
  {
    name: 'soudryFigureDataset (support among x1..x4)',
    arb: soudryFigureDataset(),
    assume: (ds) => {
      verifyDataset(ds);
      ok(separable(ds).support.every((i) => i < 4), 'a random point is a support vector');
    },
  },
  {
    name: 'symmetricDataset (ū on the first axis)',
    arb: symmetricDataset(),
    assume: (ds) => {
      verifyDataset(ds, { unitBall: true });
      const u = separable(ds).direction;
      ok(Math.abs(u[0] - 1) <= 1e-9, `ū = ${Array.from(u)}`);
    },
  },
  {
    name: 'withValidation (ū misclassifies the chosen held-out points)',
    arb: withValidation(),
    assume: (ds) => {
      verifyDataset(ds, { unitBall: true, certificate: ds.planted });
      verifyDataset(ds.validation, { unitBall: true });
      ok(ds.validation.misclassifiedByMaxMargin.length > 0, 'no held-out point misclassified');
    },
  },
  {
    name: 'wilsonDataset (positive majority, a negative, GD\'s min-norm solution has test error 0)',
    arb: wilsonDataset(),
    assume: (ds) => {
      ok(ds.positives > ds.n - ds.positives && ds.positives < ds.n, `positives ${ds.positives} of ${ds.n}`);
      ok(wilsonTestError(ds, minNormInterpolant(ds.X, ds.n, ds.d, ds.y).w) === 0, 'min-norm test error ≠ 0');
    },
  },
  {
    name: 'weakLearnerMatrix (±1, planted majority on every row)',
    arb: weakLearnerMatrix(),
    assume: (p) => {
      ok(p.M.every((v: number) => v === 1 || v === -1), 'an entry is not ±1');
      for (let i = 0; i < p.n; i++) {
        let s = 0;
        for (let j = 0; j < p.planted; j++) s += p.M[i * p.m + j];
        ok(s >= 1, `row ${i}: planted sum ${s}`);
      }
    },
  },
  { name: 'leastSquaresProblem (d > n, full rank, certified σ_min)', arb: leastSquaresProblem(), assume: (p) => void verifyLeastSquares(p) },
  {
    name: 'squareSymmetricSystem',
    arb: squareSymmetricSystem(),
    assume: (s) => ok(s.X.length === s.n * s.d && s.y.length === s.n && s.X.every(Number.isFinite), 'shapes or values'),
  },
  {
    name: 'ruleProblem',
    arb: ruleProblem(),
    assume: (p) => ok(p.X.length === p.n * p.d && p.w0.length === p.d && p.X.every(Number.isFinite) && p.w0.every(Number.isFinite), 'shapes or values'),
  },
];

const SEEDS = [1, 20261123, 42];
const json = (v: unknown) => JSON.stringify(v, (_, x) => (ArrayBuffer.isView(x) ? Array.from(x as Float64Array) : x));

describe('every dataset arbitrary keeps its contract', () => {
  for (const c of CONTRACTS) {
    it(`${c.name}: same seed → same values; every value and every shrink satisfies the assumptions`, () => {
      for (const seed of SEEDS) expect(json(fc.sample(c.arb, { seed, numRuns: 5 }))).toBe(json(fc.sample(c.arb, { seed, numRuns: 5 })));
      const broken: string[] = [];
      let visited = 0;
      const check = (v: unknown) => {
        visited++;
        try {
          c.assume(v);
        } catch (e) {
          if (broken.length < 3) broken.push(`${(e as Error).message}: ${json(v).slice(0, 200)}`);
        }
      };
      for (const seed of SEEDS) {
        for (const v of fc.sample(c.arb, { seed, numRuns: 10 })) check(v);
        // an always-failing property: fast-check shrinks all the way, handing every candidate to the predicate
        fc.check(fc.property(c.arb, (v) => (check(v), false)), { seed, numRuns: 1 });
      }
      expect(broken).toEqual([]);
      expect(visited).toBeGreaterThan(3 * 10);
    }, 120_000);
  }
});
