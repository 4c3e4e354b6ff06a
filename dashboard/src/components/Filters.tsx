import { Field } from './ui';

export interface RangeFilters {
  range: string;
  model: string;
  provider: string;
  key: string;
}

export const ranges = [
  { value: '1h', label: 'Last hour', hours: 1 },
  { value: '24h', label: 'Last 24 hours', hours: 24 },
  { value: '7d', label: 'Last 7 days', hours: 24 * 7 },
  { value: '30d', label: 'Last 30 days', hours: 24 * 30 },
  { value: '90d', label: 'Last 90 days', hours: 24 * 90 },
  { value: '365d', label: 'Last 365 days', hours: 24 * 365 },
];

/** from/to of a named range, ending now (rounded up to the next minute so repeated loads ask the same question). */
export function rangeBounds(range: string): { from: string; to: string } {
  const hours = ranges.find((option) => option.value === range)?.hours ?? 24;
  const to = new Date(Math.ceil(Date.now() / 60000) * 60000);
  return { from: new Date(to.getTime() - hours * 3600 * 1000).toISOString(), to: to.toISOString() };
}

/**
 * The filters every analytics page shares: time range, requested model, provider and key. The text fields apply on Enter
 * or when left, and are uncontrolled so a reload that lands while someone types does not wipe what they typed.
 */
export function FilterBar({ value, onChange, children }: { value: RangeFilters; onChange: (value: RangeFilters) => void; children?: preact.ComponentChildren }) {
  const set = (name: keyof RangeFilters, text: string) => onChange({ ...value, [name]: text });
  return (
    <div class="filters" role="group" aria-label="Filters">
      <Field label="Time range">
        {(props) => (
          <select {...props} value={value.range} onChange={(e) => set('range', e.currentTarget.value)}>
            {ranges.map((option) => (
              <option key={option.value} value={option.value}>{option.label}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Model">
        {(props) => <input {...props} type="search" placeholder="any" defaultValue={value.model} onChange={(e) => set('model', e.currentTarget.value.trim())}
          onKeyDown={(e) => e.key === 'Enter' && set('model', e.currentTarget.value.trim())} />}
      </Field>
      <Field label="Provider">
        {(props) => <input {...props} type="search" placeholder="any" defaultValue={value.provider} onChange={(e) => set('provider', e.currentTarget.value.trim())}
          onKeyDown={(e) => e.key === 'Enter' && set('provider', e.currentTarget.value.trim())} />}
      </Field>
      <Field label="Key id">
        {(props) => <input {...props} type="search" placeholder="any" defaultValue={value.key} onChange={(e) => set('key', e.currentTarget.value.trim())}
          onKeyDown={(e) => e.key === 'Enter' && set('key', e.currentTarget.value.trim())} />}
      </Field>
      {children}
    </div>
  );
}
