import { useState } from 'preact/hooks';
import { get, query } from '../api';
import { FilterBar, rangeBounds, type RangeFilters } from '../components/Filters';
import { Empty, ErrorBanner, Loading, PageHeader, useLoad } from '../components/ui';
import { downloadCsv, formatInt, formatMs, formatPercent } from '../format';
import { useTenancy } from '../tenancy';

interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

interface LatencyRow {
  provider: string;
  model: string;
  requests: number;
  errors: number;
  error_rate: number;
  latency_ms: Percentiles;
  ttft_ms: Percentiles;
}

/** p50/p95/p99 latency and time to first token, and error rate, per provider and model. */
export function LatencyPage() {
  const tenancy = useTenancy();
  const [filters, setFilters] = useState<RangeFilters>({ range: '24h', model: '', provider: '', key: '' });
  const { data, error, loading } = useLoad(async () => {
    const { from, to } = rangeBounds(filters.range);
    return (await get<{ data: LatencyRow[] }>(`/admin/v1/analytics/latency${query({
      from, to, group_by: 'model', scope: tenancy.scope, model: filters.model, provider: filters.provider, key: filters.key,
    })}`)).data;
  }, [filters, tenancy.scope]);
  const rows = data ?? [];
  const slowest = Math.max(1, ...rows.map((row) => row.latency_ms.p99 ?? 0));
  const exportCsv = () =>
    downloadCsv('latency.csv', ['provider', 'model', 'requests', 'errors', 'error_rate', 'latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms', 'ttft_p50_ms', 'ttft_p95_ms', 'ttft_p99_ms'],
      rows.map((row) => [row.provider, row.model, row.requests, row.errors, row.error_rate, row.latency_ms.p50, row.latency_ms.p95, row.latency_ms.p99, row.ttft_ms.p50, row.ttft_ms.p95, row.ttft_ms.p99]));
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Latency and errors">
        <button type="button" class="plain" onClick={exportCsv} disabled={!rows.length}>Export (CSV)</button>
      </PageHeader>
      <p class="intro">Measured by the gateway over each request in the range: exact percentiles, not histogram estimates.</p>
      <FilterBar value={filters} onChange={setFilters} />
      <ErrorBanner error={error} />
      <Loading when={loading && !data} />
      {data && rows.length === 0 && <Empty>No requests in this range.</Empty>}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table data-testid="latency-table">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Model</th>
                <th scope="col" class="num">Requests</th>
                <th scope="col" class="num">Error rate</th>
                <th scope="col" class="num">p50</th>
                <th scope="col" class="num">p95</th>
                <th scope="col" class="num">p99</th>
                <th scope="col" class="num">TTFT p50</th>
                <th scope="col" class="num">TTFT p95</th>
                <th scope="col" class="num">TTFT p99</th>
                <th scope="col"><span class="sr-only">p50 to p99</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.provider}/${row.model}`}>
                  <th scope="row">{row.provider || '(none)'}</th>
                  <td>{row.model || '—'}</td>
                  <td class="num">{formatInt(row.requests)}</td>
                  <td class={`num${row.error_rate > 0.05 ? ' bad' : ''}`}>{formatPercent(row.error_rate)}</td>
                  <td class="num">{formatMs(row.latency_ms.p50)}</td>
                  <td class="num">{formatMs(row.latency_ms.p95)}</td>
                  <td class="num">{formatMs(row.latency_ms.p99)}</td>
                  <td class="num">{formatMs(row.ttft_ms.p50)}</td>
                  <td class="num">{formatMs(row.ttft_ms.p95)}</td>
                  <td class="num">{formatMs(row.ttft_ms.p99)}</td>
                  <td class="bar-cell" aria-hidden="true">
                    <span class="bar range" style={{
                      marginLeft: `${((row.latency_ms.p50 ?? 0) / slowest) * 100}%`,
                      width: `${Math.max(1, (((row.latency_ms.p99 ?? 0) - (row.latency_ms.p50 ?? 0)) / slowest) * 100)}%`,
                    }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
