import * as vega from 'vega';
import * as vl from 'vega-lite';

/** One curve of a plot. `role` sets the mark: measured = line + points, predicted/bound = dashed line. */
export interface Series {
  name: string;
  x: number[];
  y: number[];
  role?: 'measured' | 'predicted' | 'bound';
}

/** A plot of measured curves against predicted ones (rendered to SVG for the report). */
export interface PlotSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  yLog?: boolean;
  series: Series[];
}

/**
 * Text of a plot as people read it: SVG shows no TeX, so `x^{a b}` is written `x^(a b)` and `x_{ij}` `x_ij`.
 */
export function plainText(s: string): string {
  return s.replace(/\^\{([^{}]*)\}/g, '^($1)').replace(/_\{([^{}]*)\}/g, '_$1');
}

/**
 * Renders a plot to SVG with vega-lite (no canvas needed in Node). The legend sits below the plot, one entry a line,
 * with no label width limit (vega-lite cuts labels at 160 px by default). Non-finite points, and non-positive
 * points on a log axis, are dropped (a log axis cannot show them); the caption says how many.
 */
export async function renderSvg(p: PlotSpec): Promise<string> {
  const rows: { x: number; y: number; series: string; role: string }[] = [];
  let dropped = 0;
  for (const s of p.series) {
    for (let i = 0; i < Math.min(s.x.length, s.y.length); i++) {
      const x = s.x[i];
      const y = s.y[i];
      const ok = Number.isFinite(x) && Number.isFinite(y) && (!p.xLog || x > 0) && (!p.yLog || y > 0);
      if (ok) rows.push({ x, y, series: plainText(s.name), role: s.role ?? 'measured' });
      else dropped++;
    }
  }
  const spec: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: dropped ? { text: plainText(p.title), subtitle: `${dropped} non-finite or non-positive points not shown` } : plainText(p.title),
    width: 520,
    height: 300,
    data: { values: rows },
    mark: { type: 'line', point: { size: 18 } },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: plainText(p.xLabel), scale: p.xLog ? { type: 'log' } : { zero: false } },
      y: { field: 'y', type: 'quantitative', title: plainText(p.yLabel), scale: p.yLog ? { type: 'log' } : { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 0 } },
      strokeDash: {
        field: 'role',
        type: 'nominal',
        scale: { domain: ['measured', 'predicted', 'bound'], range: [[1, 0], [6, 4], [2, 2]] },
        legend: null,
      },
    },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
