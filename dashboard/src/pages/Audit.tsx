import { useState } from 'preact/hooks';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { Field } from '../components/ui';
import { formatTime } from '../format';
import { query } from '../api';

interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

const entities = ['', 'organization', 'team', 'environment', 'provider', 'provider_model', 'model_alias', 'routing_policy', 'price', 'quota', 'api_key'];

export function AuditPage() {
  const [entity, setEntity] = useState('');
  const [since, setSince] = useState('');
  const spec: ResourceSpec<AuditEntry> = {
    title: 'Audit log',
    noun: 'entry',
    intro: 'Every admin write, newest first: who, what, and the object before and after (never a credential or key secret).',
    list: () => `/admin/v1/audit-log${query({ limit: 100, entity, since: since ? new Date(since).toISOString() : '' })}`,
    key: (entry) => String(entry.id),
    columns: [
      { label: 'When', render: (entry) => formatTime(entry.at) },
      { label: 'Who', render: (entry) => <code>{entry.actor}</code> },
      { label: 'Action', render: (entry) => entry.action },
      { label: 'Entity', render: (entry) => entry.entity },
      { label: 'Id', render: (entry) => (entry.entity_id ? <code>{entry.entity_id}</code> : '—') },
    ],
    detail: (entry) => (
      <div class="two-columns">
        <div>
          <h3>Before</h3>
          <pre class="json">{JSON.stringify(entry.before, null, 2) ?? 'null'}</pre>
        </div>
        <div>
          <h3>After</h3>
          <pre class="json">{JSON.stringify(entry.after, null, 2) ?? 'null'}</pre>
        </div>
      </div>
    ),
  };
  return (
    <div>
      <div class="filters" role="group" aria-label="Audit log filters">
        <Field label="Entity">
          {(props) => (
            <select {...props} value={entity} onChange={(e) => setEntity(e.currentTarget.value)}>
              {entities.map((value) => (
                <option value={value} key={value}>
                  {value || 'any'}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Since">
          {(props) => <input {...props} type="datetime-local" value={since} onInput={(e) => setSince(e.currentTarget.value)} />}
        </Field>
      </div>
      <ResourcePage spec={spec} />
    </div>
  );
}
