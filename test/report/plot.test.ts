import { describe, expect, it } from 'vitest';
import { plainText, renderSvg } from '../../src/report/plot.js';

describe('plots for people', () => {
  it('no TeX braces in titles, labels or legends', () => {
    expect(plainText('e^{c ρ_v(t)} against t^{−(θ−1)}, W_{i+1}')).toBe('e^(c ρ_v(t)) against t^(−(θ−1)), W_i+1');
  });

  it('a long legend entry is drawn whole (no 160 px cut with an ellipsis), titles without TeX', async () => {
    const long = '‖W_2‖ at √T × (log t / log √T)^{1/L}, a rather long legend entry that used to be cut';
    const svg = await renderSvg({ title: 'e^{c ρ_v(t)} on the flow', xLabel: 't', yLabel: 'y', series: [{ name: long, x: [1, 2, 3], y: [1, 2, 3] }, { name: 'short', x: [1, 2], y: [2, 1], role: 'predicted' }] });
    expect(svg).toContain(plainText(long).replace('&', '&amp;'));
    expect(svg).not.toContain('…');
    expect(svg).not.toMatch(/\^\{/);
    expect(svg).toContain('e^(c ρ_v(t)) on the flow');
  });
});
