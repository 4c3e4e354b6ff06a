import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { formatTime } from '../format';
import { defaultScope, scopeChoices, scoped } from '../scopePath';
import { scopedPageKey, useTenancy, type Tenancy } from '../tenancy';

interface Policy {
  id: string;
  scope: string;
  name: string;
  priority: number;
  type: string;
  rules: unknown;
  active: boolean;
  updated_at: string;
}

const types = ['deterministic', 'failover', 'weighted', 'latency', 'cost', 'hybrid', 'throughput'].map((value) => ({ value, label: value }));

function policiesSpec(tenancy: Tenancy): ResourceSpec<Policy> {
  return {
    title: 'Routing policies',
    noun: 'routing policy',
    intro: 'Policies order the candidates of requests in their scope; the most specific scope wins, then the highest priority.',
    list: (t) => scoped('/admin/v1/routing-policies?limit=200', t),
    create: () => '/admin/v1/routing-policies',
    update: (policy) => `/admin/v1/routing-policies/${policy.id}`,
    remove: (policy) => `/admin/v1/routing-policies/${policy.id}`,
    key: (policy) => policy.id,
    columns: [
      { label: 'Name', render: (policy) => policy.name },
      { label: 'Scope', render: (policy) => tenancy.label(policy.scope) },
      { label: 'Type', render: (policy) => policy.type },
      { label: 'Priority', render: (policy) => policy.priority },
      { label: 'Active', render: (policy) => (policy.active ? 'yes' : 'no') },
      { label: 'Updated', render: (policy) => formatTime(policy.updated_at) },
    ],
    fields: [
      { name: 'name', label: 'Name' },
      { name: 'scope', label: 'Scope', type: 'select', options: scopeChoices(tenancy) },
      { name: 'type', label: 'Type', type: 'select', options: types },
      { name: 'priority', label: 'Priority', type: 'number' },
      { name: 'rules', label: 'Rules (JSON)', type: 'json', placeholder: '{"targets": [{"provider": "openai", "model": "gpt-4o-mini"}]}' },
      { name: 'active', label: 'Active', type: 'checkbox' },
    ],
    defaults: (t) => ({ scope: defaultScope(t), type: 'failover', priority: '0', active: true, rules: '{}' }),
    toValues: (policy) => ({ ...policy, priority: String(policy.priority), rules: JSON.stringify(policy.rules ?? {}, null, 2) }),
    detail: (policy) => <pre class="json">{JSON.stringify(policy.rules, null, 2)}</pre>,
  };
}

export function PoliciesPage() {
  const tenancy = useTenancy();
  return <ResourcePage key={scopedPageKey(tenancy)} spec={policiesSpec(tenancy)} />;
}
