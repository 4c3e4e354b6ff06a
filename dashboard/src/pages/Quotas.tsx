import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { formatTime } from '../format';
import { useTenancy, type Tenancy } from '../tenancy';

interface Quota {
  id: string;
  subject_kind: string;
  subject_id: string;
  metric: string;
  window: string;
  limit: number;
  updated_at: string;
}

const options = (values: string[]) => values.map((value) => ({ value, label: value }));

/** The quota list of the chosen scope's subject; every quota for a global admin who chose none. */
function listPath(tenancy: Tenancy): string | null {
  if (!tenancy.scope) return tenancy.session.global ? '/admin/v1/quotas?limit=200' : null;
  const [kind, id] = tenancy.scope.split(':');
  return `/admin/v1/quotas?limit=200&subject_kind=${kind}&subject_id=${id}`;
}

function quotasSpec(tenancy: Tenancy): ResourceSpec<Quota> {
  const subject = tenancy.scope.split(':');
  return {
    title: 'Quotas',
    noun: 'quota',
    intro: 'Requests, tokens or cost (US dollars) per minute, day or month, for an organization, team, environment or key. ' +
      'Quotas on a container are set by the admin above it.',
    list: listPath,
    needsScope: 'Choose a scope above: quotas are listed per subject.',
    create: () => '/admin/v1/quotas',
    update: (quota) => `/admin/v1/quotas/${quota.id}`,
    remove: (quota) => `/admin/v1/quotas/${quota.id}`,
    key: (quota) => quota.id,
    columns: [
      { label: 'Subject', render: (quota) => (quota.subject_kind === 'key' ? `key ${quota.subject_id}` : tenancy.label(`${quota.subject_kind}:${quota.subject_id}`)) },
      { label: 'Metric', render: (quota) => quota.metric },
      { label: 'Window', render: (quota) => quota.window },
      { label: 'Limit', render: (quota) => (quota.metric === 'cost' ? `$${quota.limit}` : quota.limit) },
      { label: 'Updated', render: (quota) => formatTime(quota.updated_at) },
    ],
    fields: [
      { name: 'subject_kind', label: 'Subject kind', type: 'select', options: options(['org', 'team', 'environment', 'key']), only: 'create' },
      { name: 'subject_id', label: 'Subject id', only: 'create' },
      { name: 'metric', label: 'Metric', type: 'select', options: options(['requests', 'tokens', 'cost']), only: 'create' },
      { name: 'window', label: 'Window', type: 'select', options: options(['minute', 'day', 'month']), only: 'create' },
      { name: 'limit', label: 'Limit', type: 'number' },
    ],
    defaults: () => ({ subject_kind: subject[0] || 'org', subject_id: subject[1] ?? '', metric: 'requests', window: 'minute' }),
    toValues: (quota) => ({ limit: String(quota.limit) }),
  };
}

export function QuotasPage() {
  const tenancy = useTenancy();
  return <ResourcePage key={tenancy.scope} spec={quotasSpec(tenancy)} />;
}
