import { useState } from 'preact/hooks';
import { put } from '../api';
import { ResourceForm } from '../components/Form';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { Badge, Notice } from '../components/ui';
import { defaultScope, scopeChoices, scoped } from '../scopePath';
import { scopedPageKey, useTenancy, type Tenancy } from '../tenancy';

interface Provider {
  id: string;
  kind: string;
  base_url: string;
  region: string | null;
  scope: string;
  settings: Record<string, unknown>;
  enabled: boolean;
  has_credential: boolean;
  credential_key_id: string | null;
}

interface ProviderModel {
  provider_id: string;
  model: string;
  capabilities: string[];
  context_window: number | null;
  max_output_tokens: number | null;
  enabled: boolean;
}

const kinds = ['openai', 'azure', 'anthropic', 'gemini', 'cohere', 'bedrock', 'mistral', 'groq', 'together', 'deepseek', 'xai', 'fireworks',
  'openrouter', 'perplexity', 'ollama', 'vllm'].map((kind) => ({ value: kind, label: kind }));

function modelsSpec(provider: Provider): ResourceSpec<ProviderModel> {
  const path = `/admin/v1/providers/${encodeURIComponent(provider.id)}/models`;
  return {
    title: `Models of ${provider.id}`,
    noun: 'model',
    list: () => `${path}?limit=200`,
    create: () => path,
    update: (model) => `${path}/${model.model}`,
    remove: (model) => `${path}/${model.model}`,
    key: (model) => model.model,
    columns: [
      { label: 'Model', render: (model) => model.model },
      { label: 'Capabilities', render: (model) => model.capabilities.join(', ') || '—' },
      { label: 'Context window', render: (model) => model.context_window ?? '—' },
      { label: 'Max output', render: (model) => model.max_output_tokens ?? '—' },
      { label: 'Enabled', render: (model) => (model.enabled ? 'yes' : 'no') },
    ],
    fields: [
      { name: 'model', label: 'Model name at the provider' },
      { name: 'capabilities', label: 'Capabilities', help: 'Comma-separated: tools, vision, json_schema' },
      { name: 'context_window', label: 'Context window (tokens)', type: 'number' },
      { name: 'max_output_tokens', label: 'Max output tokens', type: 'number' },
      { name: 'enabled', label: 'Enabled', type: 'checkbox' },
    ],
    defaults: () => ({ enabled: true }),
    toValues: (model) => ({ ...model, capabilities: model.capabilities.join(', ') }),
    toBody: (values) => ({
      ...values,
      capabilities: typeof values.capabilities === 'string'
        ? values.capabilities.split(',').map((word) => word.trim()).filter(Boolean)
        : undefined,
    }),
  };
}

function CredentialForm({ provider, done }: { provider: Provider; done: () => void }) {
  const [saved, setSaved] = useState(false);
  return (
    <div>
      {saved && <Notice kind="success">The credential was replaced. It is stored encrypted and never shown again.</Notice>}
      <ResourceForm
        fields={[{ name: 'credential', label: 'New credential (API key)', type: 'password', help: 'Write-only: the gateway stores it encrypted and never returns it.' }]}
        initial={{}}
        mode="create"
        title={`Replace the credential of ${provider.id}`}
        submitLabel="Save credential"
        onSubmit={async (values) => {
          await put(`/admin/v1/providers/${encodeURIComponent(provider.id)}/credential`, values);
          setSaved(true);
          done();
        }}
      />
    </div>
  );
}

function providersSpec(tenancy: Tenancy): ResourceSpec<Provider> {
  return {
    title: 'Providers',
    noun: 'provider',
    intro: 'Provider accounts in the database. Credentials are write-only: the list says whether one is set, never what it is.',
    list: (t) => scoped('/admin/v1/providers?limit=200', t),
    create: () => '/admin/v1/providers',
    update: (provider) => `/admin/v1/providers/${encodeURIComponent(provider.id)}`,
    remove: (provider) => `/admin/v1/providers/${encodeURIComponent(provider.id)}`,
    key: (provider) => provider.id,
    columns: [
      { label: 'Id', render: (provider) => provider.id },
      { label: 'Kind', render: (provider) => provider.kind },
      { label: 'Base URL', render: (provider) => <code>{provider.base_url}</code> },
      { label: 'Scope', render: (provider) => tenancy.label(provider.scope) },
      { label: 'Credential', render: (provider) => (provider.has_credential ? <Badge tone="good">set</Badge> : <Badge tone="neutral">none</Badge>) },
      { label: 'Enabled', render: (provider) => (provider.enabled ? 'yes' : 'no') },
    ],
    fields: [
      { name: 'id', label: 'Id', only: 'create', help: 'Lower-case letters, digits and dashes; aliases name it in their targets.' },
      { name: 'kind', label: 'Kind', type: 'select', options: kinds },
      { name: 'base_url', label: 'Base URL', placeholder: 'https://api.openai.com/v1' },
      { name: 'scope', label: 'Scope', type: 'select', options: scopeChoices(tenancy) },
      { name: 'region', label: 'Region' },
      { name: 'enabled', label: 'Enabled', type: 'checkbox' },
      { name: 'settings', label: 'Settings (JSON)', type: 'json', placeholder: '{"AnthropicVersion": "2023-06-01"}' },
      { name: 'credential', label: 'Credential (API key)', type: 'password', only: 'create', help: 'Write-only: stored encrypted, never shown again.' },
    ],
    defaults: (t) => ({ kind: 'openai', scope: defaultScope(t), enabled: true }),
    toValues: (provider) => ({
      kind: provider.kind,
      base_url: provider.base_url,
      scope: provider.scope,
      region: provider.region ?? '',
      enabled: provider.enabled,
      settings: Object.keys(provider.settings ?? {}).length ? JSON.stringify(provider.settings, null, 2) : '',
    }),
    detail: (provider) => (
      <div class="detail-stack">
        <CredentialForm provider={provider} done={() => undefined} />
        <ResourcePage nested spec={modelsSpec(provider)} />
      </div>
    ),
  };
}

export function ProvidersPage() {
  const tenancy = useTenancy();
  return <ResourcePage key={scopedPageKey(tenancy)} spec={providersSpec(tenancy)} />;
}
