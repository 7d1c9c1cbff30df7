import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

const COLORS = ['#1f5fa8', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d'];

/**
 * A uPlot chart over labelled points (buckets or teams): lines for trends, bars for a comparison.
 * The canvas is drawn for sighted readers; the page shows the same numbers in a table.
 */
export function UPlotChart({
  title,
  labels,
  series,
  unit,
  bars = false,
  height = 260,
}: {
  title: string;
  labels: string[];
  series: ChartSeries[];
  unit: string;
  bars?: boolean;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  // Redraw only when what is drawn changes, not on every render of the page.
  const key = JSON.stringify({ labels, series, unit, bars, height });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { labels: names, series: lines } = JSON.parse(key) as { labels: string[]; series: ChartSeries[] };
    const width = () => Math.max(200, el.clientWidth);
    const xLabel = (i: number) => names[Math.round(i)] ?? '';
    const chart = new uPlot(
      {
        width: width(),
        height,
        scales: {
          x: { time: false, ...(bars ? { range: [-0.5, names.length - 0.5] as [number, number] } : {}) },
          // Counts, hours and rates start at zero, so bars and lines compare by height.
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: [
          {
            // About one label per 80 px, so dates never run into each other.
            splits: (u) => {
              const every = Math.max(1, Math.ceil(names.length / Math.max(2, Math.floor(u.width / 80))));
              return names.map((_, i) => i).filter((i) => i % every === 0);
            },
            values: (_u, splits) => splits.map(xLabel),
          },
          { label: unit, size: 56 },
        ],
        series: [
          { label: bars ? 'Team' : 'Period', value: (_u, v) => (v === null ? '' : xLabel(v)) },
          ...lines.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length]!,
            width: 2,
            ...(bars
              ? {
                  fill: `${COLORS[i % COLORS.length]!}99`,
                  paths: uPlot.paths.bars!({ size: [0.6, 80] }),
                  points: { show: false },
                }
              : { spanGaps: false }),
          })),
        ],
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
      },
      [names.map((_, i) => i), ...lines.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: width(), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [key, bars, height, unit]);
  return (
    <figure className="metrics-chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title} (chart; the numbers are in the tables below)`} />
    </figure>
  );
}
