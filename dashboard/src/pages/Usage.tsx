import { useMemo, useState } from 'preact/hooks';
import { get, query } from '../api';
import { FilterBar, rangeBounds, type RangeFilters } from '../components/Filters';
import { TimeChart, type Series } from '../components/TimeChart';
import { Empty, ErrorBanner, Field, Loading, PageHeader, useLoad } from '../components/ui';
import { downloadCsv, formatCost, formatInt, formatPercent } from '../format';
import { useTenancy } from '../tenancy';

interface UsageRow {
  value: string;
  bucket?: string;
  requests: number;
  errors: number;
  error_rate: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_read_tokens: number;
  reasoning_tokens: number;
  cost: number;
  avg_latency_ms: number;
}

const dimensions = ['model', 'served_model', 'provider', 'key', 'team', 'environment', 'org'];
const metrics = {
  requests: { label: 'Requests', of: (row: UsageRow) => row.requests, format: formatInt },
  tokens: { label: 'Tokens', of: (row: UsageRow) => row.prompt_tokens + row.completion_tokens, format: formatInt },
  cost: { label: 'Cost', of: (row: UsageRow) => row.cost, format: formatCost },
};
type Metric = keyof typeof metrics;
const maxLines = 6;

/** Requests, tokens and cost over time and by dimension, with filters and CSV export. */
export function UsagePage() {
  const tenancy = useTenancy();
  const [filters, setFilters] = useState<RangeFilters>({ range: '24h', model: '', provider: '', key: '' });
  const [granularity, setGranularity] = useState('hour');
  const [groupBy, setGroupBy] = useState('model');
  const [metric, setMetric] = useState<Metric>('requests');
  const label = (value: string) => (['team', 'environment', 'org'].includes(groupBy) && value ? tenancy.label(`${groupBy}:${value}`) : value);

  const { data, error, loading } = useLoad(async () => {
    const { from, to } = rangeBounds(filters.range);
    const common = { from, to, group_by: groupBy, scope: tenancy.scope, model: filters.model, provider: filters.provider, key: filters.key };
    const [series, totals] = await Promise.all([
      get<{ data: UsageRow[] }>(`/admin/v1/analytics/usage${query({ ...common, granularity })}`),
      get<{ data: UsageRow[] }>(`/admin/v1/analytics/usage${query({ ...common, granularity: 'total' })}`),
    ]);
    return { series: series.data, totals: totals.data, window: [Date.parse(from) / 1000, Date.parse(to) / 1000] as [number, number] };
  }, [filters, granularity, groupBy, tenancy.scope]);

  const chart = useMemo(() => {
    const rows = data?.series ?? [];
    const of = metrics[metric].of;
    const buckets = [...new Set(rows.map((row) => Date.parse(row.bucket!) / 1000))].sort((a, b) => a - b);
    const byValue = new Map<string, number>();
    for (const row of rows) byValue.set(row.value, (byValue.get(row.value) ?? 0) + of(row));
    const ranked = [...byValue.entries()].sort((a, b) => b[1] - a[1]).map(([value]) => value);
    const shown = ranked.slice(0, maxLines);
    const lines: Series[] = shown.map((value) => ({ label: label(value), values: buckets.map(() => 0) }));
    const other: Series = { label: 'other', values: buckets.map(() => 0) };
    for (const row of rows) {
      const index = buckets.indexOf(Date.parse(row.bucket!) / 1000);
      const line = shown.indexOf(row.value);
      const target = line >= 0 ? lines[line] : other;
      target.values[index] = (target.values[index] ?? 0) + of(row);
    }
    return { buckets, series: ranked.length > maxLines ? [...lines, other] : lines };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, metric, tenancy.options]);

  const totals = data?.totals ?? [];
  const exportTotals = () =>
    downloadCsv(`usage-by-${groupBy}.csv`, [groupBy, 'requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_read_tokens', 'reasoning_tokens', 'cost_usd', 'avg_latency_ms'],
      totals.map((row) => [label(row.value), row.requests, row.errors, row.prompt_tokens, row.completion_tokens, row.cached_read_tokens, row.reasoning_tokens, row.cost, Math.round(row.avg_latency_ms)]));
  const exportSeries = () =>
    downloadCsv(`usage-by-${groupBy}-per-${granularity}.csv`, ['bucket', groupBy, 'requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cost_usd'],
      (data?.series ?? []).map((row) => [row.bucket, label(row.value), row.requests, row.errors, row.prompt_tokens, row.completion_tokens, row.cost]));

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Usage and cost">
        <button type="button" class="plain" onClick={exportSeries} disabled={!data?.series.length}>Export time series (CSV)</button>
        <button type="button" class="plain" onClick={exportTotals} disabled={!totals.length}>Export breakdown (CSV)</button>
      </PageHeader>
      <FilterBar value={filters} onChange={setFilters}>
        <Field label="Per">
          {(props) => (
            <select {...props} value={granularity} onChange={(e) => setGranularity(e.currentTarget.value)}>
              <option value="hour">hour</option>
              <option value="day">day</option>
              <option value="month">month</option>
            </select>
          )}
        </Field>
        <Field label="Group by">
          {(props) => (
            <select {...props} value={groupBy} onChange={(e) => setGroupBy(e.currentTarget.value)}>
              {dimensions.map((dimension) => <option key={dimension} value={dimension}>{dimension.replace('_', ' ')}</option>)}
            </select>
          )}
        </Field>
        <Field label="Chart">
          {(props) => (
            <select {...props} value={metric} onChange={(e) => setMetric(e.currentTarget.value as Metric)}>
              {Object.entries(metrics).map(([value, option]) => <option key={value} value={value}>{option.label}</option>)}
            </select>
          )}
        </Field>
      </FilterBar>
      <ErrorBanner error={error} />
      <Loading when={loading && !data} />
      {data && (
        <TimeChart testId="usage-chart" title={`${metrics[metric].label} per ${granularity} by ${groupBy.replace('_', ' ')}`}
          buckets={chart.buckets} series={chart.series} format={metrics[metric].format} window={data.window} />
      )}
      <h2>Breakdown by {groupBy.replace('_', ' ')}</h2>
      {data && totals.length === 0 && <Empty>No requests in this range.</Empty>}
      {totals.length > 0 && (
        <div class="table-wrap">
          <table data-testid="usage-breakdown">
            <thead>
              <tr>
                <th scope="col">{groupBy.replace('_', ' ')}</th>
                <th scope="col" class="num">Requests</th>
                <th scope="col" class="num">Error rate</th>
                <th scope="col" class="num">Prompt tokens</th>
                <th scope="col" class="num">Completion tokens</th>
                <th scope="col" class="num">Cost</th>
                <th scope="col" class="num">Avg latency</th>
              </tr>
            </thead>
            <tbody>
              {totals.map((row) => (
                <tr key={row.value}>
                  <th scope="row">{label(row.value) || '(none)'}</th>
                  <td class="num">{formatInt(row.requests)}</td>
                  <td class="num">{formatPercent(row.error_rate)}</td>
                  <td class="num">{formatInt(row.prompt_tokens)}</td>
                  <td class="num">{formatInt(row.completion_tokens)}</td>
                  <td class="num">{formatCost(row.cost)}</td>
                  <td class="num">{formatInt(Math.round(row.avg_latency_ms))} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
