import { useEffect, useState } from 'preact/hooks';
import { currentSession, signOut, whenSignedOut, type Session } from './api';
import { ErrorBanner } from './components/ui';
import { AliasesPage } from './pages/Aliases';
import { AuditPage } from './pages/Audit';
import { HealthPage } from './pages/Health';
import { KeysPage } from './pages/Keys';
import { LatencyPage } from './pages/Latency';
import { PoliciesPage } from './pages/Policies';
import { PricesPage } from './pages/Prices';
import { ProvidersPage } from './pages/Providers';
import { QuotasPage } from './pages/Quotas';
import { RequestsPage } from './pages/Requests';
import { SignInPage } from './pages/SignIn';
import { TenantsPage } from './pages/Tenants';
import { UsagePage } from './pages/Usage';
import { useRoute } from './router';
import { TenancyProvider, useTenancy } from './tenancy';
import { ThemeToggle } from './theme';

const pages = [
  { route: '/usage', label: 'Usage and cost', page: UsagePage, section: 'Observe' },
  { route: '/latency', label: 'Latency and errors', page: LatencyPage, section: 'Observe' },
  { route: '/health', label: 'Live health', page: HealthPage, section: 'Observe' },
  { route: '/requests', label: 'Request log', page: RequestsPage, section: 'Observe' },
  { route: '/keys', label: 'API keys', page: KeysPage, section: 'Manage' },
  { route: '/providers', label: 'Providers and models', page: ProvidersPage, section: 'Manage' },
  { route: '/aliases', label: 'Aliases', page: AliasesPage, section: 'Manage' },
  { route: '/policies', label: 'Routing policies', page: PoliciesPage, section: 'Manage' },
  { route: '/tenants', label: 'Organizations', page: TenantsPage, section: 'Manage' },
  { route: '/quotas', label: 'Quotas', page: QuotasPage, section: 'Manage' },
  { route: '/prices', label: 'Price book', page: PricesPage, section: 'Manage' },
  { route: '/audit', label: 'Audit log', page: AuditPage, section: 'Manage' },
];

function ScopePicker() {
  const tenancy = useTenancy();
  return (
    <div class="scope-picker">
      <label for="scope-picker">Scope</label>
      <select id="scope-picker" value={tenancy.scope} onChange={(e) => tenancy.setScope(e.currentTarget.value)}>
        {tenancy.session.global && <option value="">All tenants</option>}
        {tenancy.options.map((option) => (
          <option key={option.value} value={option.value}>{option.label}</option>
        ))}
      </select>
    </div>
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const route = useRoute();
  const tenancy = useTenancy();
  const current = pages.find((page) => route.startsWith(page.route)) ?? pages[0];
  const Page = current.page;
  useEffect(() => {
    document.title = `${current.label} · LLM Gateway`;
  }, [current]);
  return (
    <div class="shell">
      <a class="skip-link" href="#main">Skip to content</a>
      <aside class="sidebar">
        <div class="brand">LLM Gateway</div>
        <nav aria-label="Main">
          {['Observe', 'Manage'].map((section) => (
            <div key={section}>
              <h2 class="nav-section">{section}</h2>
              <ul>
                {pages.filter((page) => page.section === section).map((page) => (
                  <li key={page.route}>
                    <a href={`#${page.route}`} aria-current={page === current ? 'page' : undefined}>{page.label}</a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
      </aside>
      <div class="main-column">
        <header class="topbar">
          <ScopePicker />
          <span class="who" title={tenancy.session.scopes.join(', ')}>
            {tenancy.session.global ? 'Global admin' : 'Scoped admin'} · <code>{tenancy.session.actor}</code>
          </span>
          <ThemeToggle />
          <button type="button" class="plain" onClick={onSignOut}>Sign out</button>
        </header>
        <main id="main" tabIndex={-1}>
          <Page key={current.route} />
        </main>
      </div>
    </div>
  );
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    whenSignedOut(() => setSession(null));
    currentSession()
      .then(setSession)
      .catch((reason: Error) => setError(reason))
      .finally(() => setChecked(true));
  }, []);
  if (!checked) return <p class="muted" aria-live="polite">Loading…</p>;
  if (!session) {
    return (
      <>
        {error && <ErrorBanner error={error} />}
        <SignInPage onSignedIn={setSession} />
      </>
    );
  }
  return (
    <TenancyProvider session={session}>
      <Shell onSignOut={() => signOut().finally(() => setSession(null))} />
    </TenancyProvider>
  );
}
