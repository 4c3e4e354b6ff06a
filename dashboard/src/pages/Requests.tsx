import { useState } from 'preact/hooks';
import { get, query, type ListPage } from '../api';
import { FilterBar, rangeBounds, type RangeFilters } from '../components/Filters';
import { ActionButton, Badge, Empty, ErrorBanner, Loading, PageHeader, useLoad } from '../components/ui';
import { formatCost, formatInt, formatMs, formatTime } from '../format';
import { useTenancy } from '../tenancy';

interface Candidate {
  provider: string;
  model: string;
  outcome: string;
  reason?: string;
}

interface Attempt {
  attempt: number;
  provider: string;
  model: string;
  outcome: string;
  status?: number;
  error_code?: string;
  latency_ms: number;
  billed: boolean;
  cost?: number;
}

interface RequestRow {
  id: string;
  created_at: string;
  key: string | null;
  scope: string;
  requested_model: string;
  provider: string | null;
  served_model: string | null;
  status: number;
  error_code: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  cost: number;
  latency_ms: number;
  ttft_ms: number | null;
  stream: boolean;
  estimated: boolean;
  finish_reason: string | null;
  routing_decision: { strategy: string | null; candidates: Candidate[] } | null;
  attempts: Attempt[];
  has_bodies: boolean;
}

interface Bodies {
  request_body: string | null;
  response_body: string | null;
  request_truncated: boolean;
  response_truncated: boolean;
}

function RequestDetail({ request }: { request: RequestRow }) {
  const [bodies, setBodies] = useState<Bodies | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const candidates = request.routing_decision?.candidates ?? [];
  return (
    <div class="detail-stack" data-testid="request-detail">
      <p>
        <code>{request.id}</code> · key <code>{request.key ?? '—'}</code> · {request.stream ? 'stream' : 'whole answer'}
        {request.estimated && ' · tokens estimated'} · finish {request.finish_reason ?? '—'} · TTFT {formatMs(request.ttft_ms)}
      </p>
      <h3>Routing decision{request.routing_decision?.strategy ? ` (${request.routing_decision.strategy})` : ''}</h3>
      {candidates.length === 0 ? <p class="muted">No candidates recorded.</p> : (
        <table>
          <thead><tr><th scope="col">Provider</th><th scope="col">Model</th><th scope="col">Outcome</th><th scope="col">Why</th></tr></thead>
          <tbody>
            {candidates.map((candidate, index) => (
              <tr key={index}>
                <td>{candidate.provider}</td><td>{candidate.model}</td>
                <td><Badge tone={candidate.outcome === 'success' ? 'good' : candidate.outcome === 'not_tried' ? 'neutral' : 'warn'}>{candidate.outcome}</Badge></td>
                <td>{candidate.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Attempts</h3>
      {request.attempts.length === 0 ? <p class="muted">None sent.</p> : (
        <table>
          <thead><tr><th scope="col">#</th><th scope="col">Provider</th><th scope="col">Model</th><th scope="col">Outcome</th><th scope="col">Status</th><th scope="col" class="num">Latency</th><th scope="col" class="num">Cost</th></tr></thead>
          <tbody>
            {request.attempts.map((attempt) => (
              <tr key={attempt.attempt}>
                <td>{attempt.attempt}</td><td>{attempt.provider}</td><td>{attempt.model}</td>
                <td>{attempt.outcome}{attempt.error_code ? ` (${attempt.error_code})` : ''}</td>
                <td>{attempt.status ?? '—'}</td><td class="num">{formatMs(attempt.latency_ms)}</td>
                <td class="num">{attempt.billed ? formatCost(attempt.cost) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Bodies</h3>
      <ErrorBanner error={error} />
      {!request.has_bodies && <p class="muted">Not stored: this request’s environment does not keep bodies.</p>}
      {request.has_bodies && !bodies && (
        <ActionButton label="Show stored bodies" onError={setError} run={async () => setBodies(await get<Bodies>(`/admin/v1/requests/${request.id}/bodies`))} />
      )}
      {bodies && (
        <div class="two-columns">
          <div>
            <h4>Request{bodies.request_truncated && ' (cut at the size cap)'}</h4>
            <pre class="json" data-testid="request-body">{bodies.request_body ?? '—'}</pre>
          </div>
          <div>
            <h4>Response{bodies.response_truncated && ' (cut at the size cap)'}</h4>
            <pre class="json" data-testid="response-body">{bodies.response_body ?? '—'}</pre>
          </div>
        </div>
      )}
    </div>
  );
}

/** One row per request, newest first, with its routing decision, attempts and stored bodies. */
export function RequestsPage() {
  const tenancy = useTenancy();
  const [filters, setFilters] = useState<RangeFilters>({ range: '24h', model: '', provider: '', key: '' });
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [extra, setExtra] = useState<RequestRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const path = () => {
    const { from, to } = rangeBounds(filters.range);
    return `/admin/v1/requests${query({ from, to, scope: tenancy.scope, model: filters.model, provider: filters.provider, key: filters.key, errors: errorsOnly || undefined, limit: 50 })}`;
  };
  const { data, error, loading, reload } = useLoad(async () => {
    setExtra([]);
    const page = await get<ListPage<RequestRow>>(path());
    setCursor(page.next_cursor ?? null);
    return page.data;
  }, [filters, errorsOnly, tenancy.scope]);
  const rows = [...(data ?? []), ...extra];
  const more = async () => {
    if (!cursor) return;
    const page = await get<ListPage<RequestRow>>(`${path()}&cursor=${encodeURIComponent(cursor)}`);
    setExtra((current) => [...current, ...page.data]);
    setCursor(page.next_cursor ?? null);
  };
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Request log">
        <button type="button" class="plain" onClick={reload}>Refresh</button>
      </PageHeader>
      <FilterBar value={filters} onChange={setFilters}>
        <div class="field checkbox">
          <label>
            <input type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.currentTarget.checked)} /> Errors only
          </label>
        </div>
      </FilterBar>
      <ErrorBanner error={error} />
      <Loading when={loading && !data} />
      {data && rows.length === 0 && <Empty>No requests in this range. Records are written in batches, a moment after each request.</Empty>}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table data-testid="request-log">
            <thead>
              <tr>
                <th scope="col">Time</th><th scope="col">Model</th><th scope="col">Served by</th><th scope="col">Status</th>
                <th scope="col" class="num">Tokens in / out</th><th scope="col" class="num">Cost</th><th scope="col" class="num">Latency</th>
                <th scope="col"><span class="sr-only">Details</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => [
                <tr key={row.id}>
                  <td>{formatTime(row.created_at)}</td>
                  <td>{row.requested_model}</td>
                  <td>{row.provider ? `${row.provider} / ${row.served_model ?? '—'}` : '—'}</td>
                  <td><Badge tone={row.status < 400 ? 'good' : 'bad'}>{row.status}</Badge>{row.error_code && <span class="muted"> {row.error_code}</span>}</td>
                  <td class="num">{formatInt(row.prompt_tokens)} / {formatInt(row.completion_tokens)}</td>
                  <td class="num">{formatCost(row.cost)}</td>
                  <td class="num">{formatMs(row.latency_ms)}</td>
                  <td>
                    <button type="button" class="plain" aria-expanded={open === row.id} aria-label={`Details of ${row.id}`} onClick={() => setOpen(open === row.id ? null : row.id)}>
                      {open === row.id ? 'Close' : 'Details'}
                    </button>
                  </td>
                </tr>,
                open === row.id ? (
                  <tr key={`${row.id}-detail`} class="detail-row"><td colSpan={8}><RequestDetail request={row} /></td></tr>
                ) : null,
              ])}
            </tbody>
          </table>
        </div>
      )}
      {cursor && <button type="button" class="plain" onClick={more}>Load more</button>}
    </section>
  );
}
