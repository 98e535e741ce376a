import { describe, expect, it } from 'vitest';
import { figureName } from '../../src/report/figure-names.js';

describe('figure names for people (audit.json keeps the keys)', () => {
  it.each([
    ['deficitAtSqrtT', 'deficit at √T'],
    ['minSlack', 'min slack'],
    ['sumOfDecreasesLargestStep', 'sum of decreases largest step'],
    ['maxKKTResidual', 'max KKT residual'],
    ['normAtT', 'norm at T'],
    ['gammaStart', 'γ start'],
    ['r2', 'r²'],
    ['t0', 't₀'],
    ['trials', 'trials'],
  ])('%s → %s', (key, name) => expect(figureName(key)).toBe(name));
});
