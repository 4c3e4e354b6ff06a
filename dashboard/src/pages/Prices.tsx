import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { formatTime } from '../format';

interface Price {
  id: number;
  provider_id: string;
  model: string;
  input_per_mtok: number;
  output_per_mtok: number;
  cached_read_per_mtok: number | null;
  cache_write_per_mtok: number | null;
  effective_from: string;
}

const pricesSpec: ResourceSpec<Price> = {
  title: 'Price book',
  noun: 'price',
  intro: 'US dollars per million tokens, in force from their date until the next price of the same provider model. Prices are added, not edited.',
  list: () => '/admin/v1/prices?limit=200',
  create: () => '/admin/v1/prices',
  remove: (price) => `/admin/v1/prices/${price.id}`,
  key: (price) => String(price.id),
  columns: [
    { label: 'Provider', render: (price) => price.provider_id },
    { label: 'Model', render: (price) => price.model },
    { label: 'Input / MTok', render: (price) => `$${price.input_per_mtok}` },
    { label: 'Output / MTok', render: (price) => `$${price.output_per_mtok}` },
    { label: 'Cached read / MTok', render: (price) => (price.cached_read_per_mtok == null ? '—' : `$${price.cached_read_per_mtok}`) },
    { label: 'Cache write / MTok', render: (price) => (price.cache_write_per_mtok == null ? '—' : `$${price.cache_write_per_mtok}`) },
    { label: 'Effective from', render: (price) => formatTime(price.effective_from) },
  ],
  fields: [
    { name: 'provider_id', label: 'Provider id' },
    { name: 'model', label: 'Model' },
    { name: 'input_per_mtok', label: 'Input per million tokens (USD)', type: 'number' },
    { name: 'output_per_mtok', label: 'Output per million tokens (USD)', type: 'number' },
    { name: 'cached_read_per_mtok', label: 'Cached read per million tokens (USD)', type: 'number' },
    { name: 'cache_write_per_mtok', label: 'Cache write per million tokens (USD)', type: 'number' },
    { name: 'effective_from', label: 'Effective from (empty: now)', type: 'datetime' },
  ],
};

export function PricesPage() {
  return <ResourcePage spec={pricesSpec} />;
}
