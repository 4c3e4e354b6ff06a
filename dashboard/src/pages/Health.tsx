import { useEffect, useState } from 'preact/hooks';
import { Badge, Empty, ErrorBanner, PageHeader } from '../components/ui';
import { formatTime } from '../format';
import { useTenancy } from '../tenancy';

interface Destination {
  id: string;
  address: string;
  health: string;
  active: string;
  cooldown_until?: string;
  cooldown_reason?: string;
}

interface Circuit {
  model: string;
  state: string;
  probe_at?: string;
  failures_in_window: number;
  results_in_window: number;
  times_opened: number;
}

interface ProviderHealth {
  id: string;
  kind: string;
  scope: string;
  status: string;
  available: number;
  total: number;
  destinations: Destination[];
  circuits: Circuit[];
  credential?: { rejected_until: string; rejections_in_a_row: number };
  cooling_down?: Record<string, { until: string; reason: string; retry_after_seconds?: number }>;
  last_error: { at: string; model: string; destination: string | null; outcome: string; status?: number; code: string | null } | null;
}

interface Report {
  at: string;
  database: string;
  config_revision: number;
  providers: ProviderHealth[];
}

const tone = (status: string) => (status === 'in_service' || status === 'healthy' || status === 'closed' ? 'good' : status === 'degraded' || status === 'half_open' || status === 'unknown' ? 'warn' : 'bad');

/** Providers and destinations in or out of service, circuits and the last errors, pushed by the gateway every few seconds. */
export function HealthPage() {
  const tenancy = useTenancy();
  const [report, setReport] = useState<Report | null>(null);
  const [lost, setLost] = useState(false);
  useEffect(() => {
    const source = new EventSource('/admin/v1/health/stream');
    source.addEventListener('health', (event) => {
      setReport(JSON.parse((event as MessageEvent).data) as Report);
      setLost(false);
    });
    // EventSource reconnects by itself; say so meanwhile.
    source.onerror = () => setLost(true);
    return () => source.close();
  }, []);
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Live health">
        <span class="muted" aria-live="polite">
          {report ? `Updated ${formatTime(report.at)}` : 'Connecting…'} {lost && <Badge tone="bad">reconnecting</Badge>}
        </span>
      </PageHeader>
      <p class="intro">This replica’s view: each gateway replica checks and cools down destinations on its own.</p>
      {lost && <ErrorBanner error={new Error('The live connection to the gateway dropped; retrying.')} />}
      {report && (
        <p>
          Database: <Badge tone={report.database === 'connected' ? 'good' : 'bad'}>{report.database}</Badge> · config revision {report.config_revision}
        </p>
      )}
      {report && report.providers.length === 0 && <Empty>No providers.</Empty>}
      <div class="cards">
        {report?.providers.map((provider) => (
          <article class="card" key={provider.id} aria-label={`Provider ${provider.id}`}>
            <header>
              <h2>{provider.id}</h2>
              <Badge tone={tone(provider.status)}>{provider.status.replace(/_/g, ' ')}</Badge>
            </header>
            <p class="muted">
              {provider.kind} · {tenancy.label(provider.scope)} · {provider.available} of {provider.total} destinations in service
            </p>
            <h3>Destinations</h3>
            <ul class="plain-list">
              {provider.destinations.map((destination) => (
                <li key={destination.id}>
                  <Badge tone={tone(destination.health)}>{destination.health}</Badge> <code>{destination.address}</code>
                  {destination.cooldown_until && (
                    <span class="muted"> out until {formatTime(destination.cooldown_until)} after {destination.cooldown_reason}</span>
                  )}
                </li>
              ))}
            </ul>
            {provider.credential && (
              <p>
                <Badge tone="bad">credential rejected</Badge>{' '}
                <span class="muted">
                  {provider.credential.rejections_in_a_row} times in a row · out until {formatTime(provider.credential.rejected_until)}
                </span>
              </p>
            )}
            {provider.cooling_down && Object.keys(provider.cooling_down).length > 0 && (
              <>
                <h3>Models cooling down</h3>
                <ul class="plain-list">
                  {Object.entries(provider.cooling_down).map(([model, cooldown]) => (
                    <li key={model}>
                      <Badge tone="warn">{cooldown.reason}</Badge> {model}
                      <span class="muted"> · until {formatTime(cooldown.until)}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {provider.circuits.length > 0 && (
              <>
                <h3>Circuits</h3>
                <ul class="plain-list">
                  {provider.circuits.map((circuit) => (
                    <li key={circuit.model}>
                      <Badge tone={tone(circuit.state)}>{circuit.state.replace('_', ' ')}</Badge> {circuit.model}
                      <span class="muted">
                        {' '}· {circuit.failures_in_window}/{circuit.results_in_window} failed recently · opened {circuit.times_opened}×
                        {circuit.probe_at && ` · probes from ${formatTime(circuit.probe_at)}`}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h3>Last error</h3>
            {provider.last_error ? (
              <p>
                {formatTime(provider.last_error.at)}: {provider.last_error.outcome}
                {provider.last_error.status ? ` ${provider.last_error.status}` : ''} {provider.last_error.code ? `(${provider.last_error.code})` : ''} on {provider.last_error.model}
              </p>
            ) : (
              <p class="muted">none seen</p>
            )}
          </article>
        ))}
      </div>
    </section>
  );
}
