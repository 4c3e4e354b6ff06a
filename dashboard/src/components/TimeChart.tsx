import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: (number | null)[];
}

interface Props {
  title: string;
  /** Bucket starts, in Unix seconds. */
  buckets: number[];
  series: Series[];
  format: (value: number) => string;
  /** The x axis spans this window (Unix seconds), so a single bucket does not stretch across years. */
  window: [number, number];
  testId?: string;
}

const palette = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6', '--chart-7'];

/** A theme colour as the canvas needs it: the variables hold light-dark() pairs, resolved here for the page's scheme. */
function cssVar(name: string): string {
  const probe = document.createElement('span');
  probe.hidden = true;
  probe.style.color = `var(${name}, #888)`;
  document.body.appendChild(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
}

/**
 * A time series chart (uPlot, on a canvas), with the same numbers in a table for screen readers and a caption that
 * states the total, so what the chart shows is also there as text.
 */
export function TimeChart({ title, buckets, series, format, window, testId }: Props) {
  const holder = useRef<HTMLDivElement>(null);
  const total = series.reduce((sum, line) => sum + line.values.reduce<number>((s, v) => s + (v ?? 0), 0), 0);

  useEffect(() => {
    const element = holder.current;
    if (!element || buckets.length === 0) return;
    const axis = { stroke: cssVar('--text-muted'), grid: { stroke: cssVar('--border'), width: 1 }, ticks: { stroke: cssVar('--border') } };
    const options: uPlot.Options = {
      width: Math.max(320, element.clientWidth),
      height: 260,
      legend: { show: true },
      scales: { x: { time: true, range: () => window }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [axis, { ...axis, values: (_u, values) => values.map((value) => format(value)), size: 80 }],
      series: [
        {},
        ...series.map((line, index) => ({
          label: line.label || '(none)',
          stroke: cssVar(palette[index % palette.length]),
          width: 2,
          points: { show: buckets.length < 60 },
          value: (_u: uPlot, value: number | null) => (value == null ? '—' : format(value)),
        })),
      ],
    };
    const plot = new uPlot(options, [buckets, ...series.map((line) => line.values)] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, element.clientWidth), height: 260 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [buckets, series, format, window]);

  return (
    <figure class="chart" data-testid={testId} data-total={total} aria-label={`${title}: ${format(total)} in total`}>
      <figcaption>
        {title} <span class="muted">({format(total)} in total)</span>
      </figcaption>
      {buckets.length === 0 ? <p class="empty">No data in this range.</p> : <div ref={holder} aria-hidden="true" />}
      <table class="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {series.map((line) => (
              <th scope="col" key={line.label}>{line.label || '(none)'}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {buckets.map((bucket, index) => (
            <tr key={bucket}>
              <th scope="row">{new Date(bucket * 1000).toISOString()}</th>
              {series.map((line) => (
                <td key={line.label}>{line.values[index] == null ? '' : format(line.values[index]!)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
