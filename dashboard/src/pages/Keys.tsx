import { useState } from 'preact/hooks';
import { del, get, post, query, type ListPage } from '../api';
import { ResourceForm } from '../components/Form';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { ActionButton, Badge, ErrorBanner, Notice, useLoad } from '../components/ui';
import { formatCost, formatTime } from '../format';
import { defaultScope, scopeChoices, scoped } from '../scopePath';
import { scopedPageKey, useTenancy, type Tenancy } from '../tenancy';

interface Binding {
  id: string;
  scope: string;
  allowed_models: string[];
  rpm_limit: number | null;
  tpm_limit: number | null;
  is_admin: boolean;
}

interface Key {
  id: string;
  name: string;
  prefix: string;
  status: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  region: string | null;
  bindings?: Binding[];
}

interface Quota {
  id: string;
  metric: string;
  window: string;
  limit: number;
}

interface UsageRow {
  cost: number;
  requests: number;
}

const words = (text: unknown) => (typeof text === 'string' ? text.split(',').map((word) => word.trim()).filter(Boolean) : []);

/** The secret of a new or rotated key: shown here once, never again. */
function SecretNotice({ secret, name }: { secret: string; name: string }) {
  return (
    <div class="banner success secret" role="status">
      <p>
        <strong>Copy the secret of “{name}” now:</strong> it is shown only this once; the gateway keeps only its hash.
      </p>
      <p>
        <code data-testid="key-secret" class="secret-value">{secret}</code>{' '}
        <button type="button" class="plain" onClick={() => navigator.clipboard?.writeText(secret)}>
          Copy
        </button>
      </p>
    </div>
  );
}

function startOfMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
}

function startOfDay(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
}

function KeyDetail({ keyId, tenancy, reloadList }: { keyId: string; tenancy: Tenancy; reloadList: () => void }) {
  const [error, setError] = useState<Error | null>(null);
  const [secret, setSecret] = useState<{ secret: string; name: string } | null>(null);
  const { data, reload } = useLoad(async () => {
    const key = await get<Key>(`/admin/v1/keys/${keyId}`);
    const quotas = await get<ListPage<Quota>>(`/admin/v1/quotas?subject_kind=key&subject_id=${keyId}`).then((page) => page.data).catch(() => []);
    // Spend is read like any usage: a scoped admin names a scope, here the key's first binding (it holds all of them).
    const scope = tenancy.session.global ? '' : key.bindings?.[0]?.scope ?? '';
    const spend = async (from: string) =>
      (await get<{ data: UsageRow[] }>(`/admin/v1/analytics/usage${query({ group_by: 'key', key: keyId, from, scope })}`)).data
        .reduce((sum, row) => sum + row.cost, 0);
    const [month, today] = await Promise.all([spend(startOfMonth()), spend(startOfDay())]).catch(() => [null, null]);
    return { key, quotas, month, today };
  }, [keyId]);
  if (!data) return <p class="muted">Loading…</p>;
  const { key, quotas, month, today } = data;
  const budgets = quotas.filter((quota) => quota.metric === 'cost');
  return (
    <div class="detail-stack">
      {secret && <SecretNotice {...secret} />}
      <ErrorBanner error={error} />
      <div class="button-row">
        {key.status === 'active' && (
          <ActionButton label="Revoke" kind="danger" confirm="Revoke this key? Requests with it are refused at once." onError={setError}
            run={async () => { await post(`/admin/v1/keys/${keyId}/revoke`); reload(); reloadList(); }} />
        )}
        {key.status === 'active' && (
          <ActionButton label="Rotate" confirm="Rotate this key? The old secret stops working." onError={setError}
            run={async () => {
              const rotated = await post<{ key: Key; secret: string }>(`/admin/v1/keys/${keyId}/rotate`);
              setSecret({ secret: rotated.secret, name: rotated.key.name });
              reloadList();
            }} />
        )}
      </div>
      <h3>Spend against budget</h3>
      <table>
        <thead>
          <tr><th scope="col">Period</th><th scope="col">Spent</th><th scope="col">Budget</th></tr>
        </thead>
        <tbody>
          {(['day', 'month'] as const).map((window) => {
            const budget = budgets.find((quota) => quota.window === window);
            const spent = window === 'day' ? today : month;
            const share = budget && spent != null ? Math.min(1, spent / budget.limit) : null;
            return (
              <tr key={window}>
                <td>{window === 'day' ? 'Today (UTC)' : 'This month (UTC)'}</td>
                <td>{formatCost(spent)}</td>
                <td>
                  {budget ? (
                    <span>
                      {formatCost(budget.limit)}{' '}
                      {share != null && <meter min={0} max={1} value={share} aria-label={`${Math.round(share * 100)} % of the ${window} budget spent`} />}
                    </span>
                  ) : 'none'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ResourceForm
        fields={[
          { name: 'window', label: 'Budget period', type: 'select', options: [{ value: 'day', label: 'day' }, { value: 'month', label: 'month' }] },
          { name: 'limit', label: 'Budget (USD)', type: 'number' },
        ]}
        initial={{ window: 'month' }}
        mode="create"
        title="Set a budget"
        submitLabel="Add budget"
        onSubmit={async (values) => {
          await post('/admin/v1/quotas', { subject_kind: 'key', subject_id: keyId, metric: 'cost', window: values.window, limit: values.limit });
          reload();
        }}
      />
      <h3>Bindings</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Scope</th><th scope="col">Models</th><th scope="col">Requests / min</th><th scope="col">Tokens / min</th>
            <th scope="col">Admin</th><th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {(key.bindings ?? []).map((binding) => (
            <tr key={binding.id}>
              <td>{tenancy.label(binding.scope)}</td>
              <td>{binding.allowed_models.join(', ') || 'all'}</td>
              <td>{binding.rpm_limit ?? '—'}</td>
              <td>{binding.tpm_limit ?? '—'}</td>
              <td>{binding.is_admin ? <Badge tone="warn">admin</Badge> : 'no'}</td>
              <td>
                <ActionButton label="Remove" kind="danger" confirm="Remove this binding?" onError={setError}
                  run={async () => { await del(`/admin/v1/keys/${keyId}/bindings/${binding.id}`); reload(); }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ResourceForm
        fields={[
          { name: 'scope', label: 'Scope', type: 'select', options: scopeChoices(tenancy, false) },
          { name: 'allowed_models', label: 'Allowed models', help: 'Comma-separated; empty allows every model the scope reaches.' },
          { name: 'rpm_limit', label: 'Requests per minute', type: 'number' },
          { name: 'tpm_limit', label: 'Tokens per minute', type: 'number' },
          { name: 'is_admin', label: 'Administers this scope', type: 'checkbox' },
        ]}
        initial={{ scope: tenancy.scope || tenancy.options[0]?.value || '' }}
        mode="create"
        title="Add a binding"
        submitLabel="Add binding"
        onSubmit={async (values) => {
          await post(`/admin/v1/keys/${keyId}/bindings`, { ...values, allowed_models: words(values.allowed_models) });
          reload();
        }}
      />
    </div>
  );
}

function keysSpec(tenancy: Tenancy): ResourceSpec<Key> {
  return {
    title: 'API keys',
    noun: 'key',
    intro: 'Keys clients send to the gateway. A new key’s secret is shown once; the gateway keeps only its hash.',
    list: (t) => scoped('/admin/v1/keys?limit=200', t),
    create: () => '/admin/v1/keys',
    remove: (key) => `/admin/v1/keys/${key.id}`,
    key: (key) => key.id,
    columns: [
      { label: 'Name', render: (key) => key.name },
      { label: 'Prefix', render: (key) => <code>{key.prefix}…</code> },
      { label: 'Status', render: (key) => <Badge tone={key.status === 'active' ? 'good' : 'bad'}>{key.status}</Badge> },
      { label: 'Created', render: (key) => formatTime(key.created_at) },
      { label: 'Last used', render: (key) => formatTime(key.last_used_at) },
      { label: 'Expires', render: (key) => formatTime(key.expires_at) },
    ],
    fields: [
      { name: 'name', label: 'Name' },
      { name: 'bindings[0].scope', label: 'Scope', type: 'select', options: scopeChoices(tenancy, false) },
      { name: 'bindings[0].allowed_models', label: 'Allowed models', help: 'Comma-separated; empty allows every model the scope reaches.' },
      { name: 'bindings[0].rpm_limit', label: 'Requests per minute', type: 'number' },
      { name: 'bindings[0].tpm_limit', label: 'Tokens per minute', type: 'number' },
      { name: 'bindings[0].is_admin', label: 'Administers this scope', type: 'checkbox' },
      { name: 'expires_at', label: 'Expires (empty: never)', type: 'datetime' },
      { name: 'region', label: 'Preferred region' },
    ],
    defaults: (t) => ({ 'bindings[0].scope': defaultScope(t) === 'global' ? t.options[0]?.value ?? '' : defaultScope(t) }),
    toBody: (values) => ({
      name: values.name,
      expires_at: values.expires_at,
      region: values.region,
      bindings: values['bindings[0].scope']
        ? [{
            scope: values['bindings[0].scope'],
            allowed_models: words(values['bindings[0].allowed_models']),
            rpm_limit: values['bindings[0].rpm_limit'],
            tpm_limit: values['bindings[0].tpm_limit'],
            is_admin: values['bindings[0].is_admin'],
          }]
        : [],
    }),
    created: (answer) => {
      const created = answer as { key: Key; secret: string };
      return <SecretNotice secret={created.secret} name={created.key.name} />;
    },
    detail: (key, reload) => <KeyDetail keyId={key.id} tenancy={tenancy} reloadList={reload} />,
  };
}

export function KeysPage() {
  const tenancy = useTenancy();
  if (!tenancy.session.global && !tenancy.scope) return <Notice>Choose a scope above.</Notice>;
  return <ResourcePage key={scopedPageKey(tenancy)} spec={keysSpec(tenancy)} />;
}
