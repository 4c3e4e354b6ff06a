import type { Target } from '../components/Form';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { formatTime } from '../format';
import { defaultScope, scopeChoices, scoped } from '../scopePath';
import { scopedPageKey, useTenancy, type Tenancy } from '../tenancy';

interface Alias {
  id: string;
  scope: string;
  name: string;
  strategy: string;
  targets: { provider: string; model: string; weight: number | null }[];
  updated_at: string;
}

const strategies = ['failover', 'weighted', 'latency', 'cost', 'hybrid', 'throughput'].map((value) => ({ value, label: value }));

function aliasesSpec(tenancy: Tenancy): ResourceSpec<Alias> {
  return {
    title: 'Aliases',
    noun: 'alias',
    intro: 'The model names clients send, and the provider models they route to, in order.',
    list: (t) => scoped('/admin/v1/aliases?limit=200', t),
    create: () => '/admin/v1/aliases',
    update: (alias) => `/admin/v1/aliases/${alias.id}`,
    remove: (alias) => `/admin/v1/aliases/${alias.id}`,
    key: (alias) => alias.id,
    columns: [
      { label: 'Name', render: (alias) => alias.name },
      { label: 'Scope', render: (alias) => tenancy.label(alias.scope) },
      { label: 'Strategy', render: (alias) => alias.strategy },
      { label: 'Targets', render: (alias) => alias.targets.map((target) => `${target.provider}/${target.model}`).join(' → ') },
      { label: 'Updated', render: (alias) => formatTime(alias.updated_at) },
    ],
    fields: [
      { name: 'name', label: 'Name (what clients send as model)' },
      { name: 'scope', label: 'Scope', type: 'select', options: scopeChoices(tenancy) },
      { name: 'strategy', label: 'Strategy', type: 'select', options: strategies },
      { name: 'targets', label: 'Targets', type: 'targets', help: 'Tried in this order by failover; weights are for weighted routing.' },
    ],
    defaults: (t) => ({ scope: defaultScope(t), strategy: 'failover', targets: [] as Target[] }),
    toValues: (alias) => ({
      name: alias.name,
      scope: alias.scope,
      strategy: alias.strategy,
      targets: alias.targets.map((target) => ({ provider: target.provider, model: target.model, weight: target.weight == null ? '' : String(target.weight) })),
    }),
  };
}

export function AliasesPage() {
  const tenancy = useTenancy();
  return <ResourcePage key={scopedPageKey(tenancy)} spec={aliasesSpec(tenancy)} />;
}
