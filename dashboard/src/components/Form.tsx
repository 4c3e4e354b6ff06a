import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import type { ScopeOption } from '../tenancy';
import { ErrorBanner, Field } from './ui';

export type FieldType = 'text' | 'number' | 'select' | 'checkbox' | 'json' | 'password' | 'datetime' | 'targets' | 'textarea';

export interface FieldSpec {
  /** The request body's field name, which is also how the API names it in an error's `param`. */
  name: string;
  label: string;
  type?: FieldType;
  options?: ScopeOption[];
  help?: string;
  placeholder?: string;
  /** Shown only when creating, or only when editing. */
  only?: 'create' | 'edit';
  autocomplete?: string;
}

export type Values = Record<string, unknown>;

export interface Target {
  provider: string;
  model: string;
  weight: string;
}

/** The API error that belongs to `name` (its param is the field, or a path inside it), if any. */
export function errorFor(error: ApiError | null, name: string): string | null {
  if (!error?.param) return null;
  const param = error.param;
  return param === name || param.startsWith(`${name}[`) || param.startsWith(`${name}.`) ? error.message : null;
}

function inputType(type: FieldType | undefined): string {
  return type === 'number' ? 'number' : type === 'password' ? 'password' : type === 'datetime' ? 'datetime-local' : 'text';
}

function matchesAnyField(error: ApiError | null, fields: FieldSpec[]): boolean {
  return !!error && fields.some((field) => errorFor(error, field.name) !== null);
}

/** Reads the form's text values into what the API takes: numbers, booleans, parsed JSON; empty means "not given". */
export function convert(fields: FieldSpec[], raw: Values): { values: Values; problem: ApiError | null } {
  const values: Values = {};
  for (const field of fields) {
    const value = raw[field.name];
    switch (field.type) {
      case 'checkbox':
        values[field.name] = !!value;
        break;
      case 'number':
        values[field.name] = value === '' || value == null ? undefined : Number(value);
        break;
      case 'json':
        if (value === '' || value == null) {
          values[field.name] = undefined;
        } else {
          try {
            values[field.name] = JSON.parse(String(value));
          } catch {
            return { values, problem: new ApiError(400, `${field.label} is not valid JSON.`, 'invalid_json', field.name) };
          }
        }
        break;
      case 'datetime':
        values[field.name] = value ? new Date(String(value)).toISOString() : undefined;
        break;
      case 'targets':
        values[field.name] = ((value as Target[]) ?? []).map((target) => ({
          provider: target.provider,
          model: target.model,
          weight: target.weight === '' ? undefined : Number(target.weight),
        }));
        break;
      default:
        values[field.name] = value === '' ? undefined : value;
    }
  }
  return { values, problem: null };
}

function TargetsEditor({ field, value, error, onChange }: { field: FieldSpec; value: Target[]; error: ApiError | null; onChange: (targets: Target[]) => void }) {
  const targets = value.length ? value : [{ provider: '', model: '', weight: '' }];
  const set = (index: number, part: keyof Target, text: string) =>
    onChange(targets.map((target, i) => (i === index ? { ...target, [part]: text } : target)));
  const rowError = (index: number, part: string) => errorFor(error, `${field.name}[${index}].${part}`);
  const whole = error?.param === field.name ? error.message : null;
  return (
    <fieldset class="targets">
      <legend>{field.label}</legend>
      {field.help && <small class="help">{field.help}</small>}
      {whole && (
        <small class="field-error" role="alert">
          {whole}
        </small>
      )}
      {targets.map((target, index) => (
        <div class="target-row" key={index}>
          <Field label={`Target ${index + 1} provider`} error={rowError(index, 'provider') ?? errorFor(error, `${field.name}[${index}]`)}>
            {(props) => <input {...props} value={target.provider} onInput={(e) => set(index, 'provider', e.currentTarget.value)} />}
          </Field>
          <Field label={`Target ${index + 1} model`} error={rowError(index, 'model')}>
            {(props) => <input {...props} value={target.model} onInput={(e) => set(index, 'model', e.currentTarget.value)} />}
          </Field>
          <Field label={`Target ${index + 1} weight`} error={rowError(index, 'weight')}>
            {(props) => <input {...props} type="number" step="any" min="0" value={target.weight} onInput={(e) => set(index, 'weight', e.currentTarget.value)} />}
          </Field>
          <button type="button" class="plain" aria-label={`Remove target ${index + 1}`} disabled={targets.length === 1}
            onClick={() => onChange(targets.filter((_, i) => i !== index))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" class="plain" onClick={() => onChange([...targets, { provider: '', model: '', weight: '' }])}>
        Add target
      </button>
    </fieldset>
  );
}

interface FormProps {
  fields: FieldSpec[];
  initial: Values;
  mode: 'create' | 'edit';
  title: string;
  submitLabel: string;
  onSubmit: (values: Values) => Promise<unknown>;
  onCancel?: () => void;
}

/** A form whose fields show the API's validation errors beside them; errors that name no field show above the buttons. */
export function ResourceForm({ fields, initial, mode, title, submitLabel, onSubmit, onCancel }: FormProps) {
  const shown = fields.filter((field) => !field.only || field.only === mode);
  const [raw, setRaw] = useState<Values>(initial);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const apiError = error instanceof ApiError ? error : null;
  const set = (name: string, value: unknown) => setRaw((current) => ({ ...current, [name]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    const { values, problem } = convert(shown, raw);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    try {
      await onSubmit(values);
      setError(null);
    } catch (reason) {
      setError(reason as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="resource-form" onSubmit={submit} aria-label={title} noValidate>
      <h2>{title}</h2>
      <div class="form-grid">
        {shown.map((field) => {
          const message = errorFor(apiError, field.name);
          const value = raw[field.name];
          switch (field.type) {
            case 'targets':
              return <TargetsEditor key={field.name} field={field} value={(value as Target[]) ?? []} error={apiError} onChange={(targets) => set(field.name, targets)} />;
            case 'checkbox':
              return (
                <div class={`field checkbox${message ? ' invalid' : ''}`} key={field.name}>
                  <label>
                    <input type="checkbox" name={field.name} checked={!!value} onChange={(e) => set(field.name, e.currentTarget.checked)} />
                    {field.label}
                  </label>
                  {field.help && <small class="help">{field.help}</small>}
                  {message && (
                    <small class="field-error" role="alert">
                      {message}
                    </small>
                  )}
                </div>
              );
            default:
              return (
                <Field key={field.name} label={field.label} error={message} help={field.help}>
                  {(props) =>
                    field.type === 'select' ? (
                      <select {...props} name={field.name} value={String(value ?? '')} onChange={(e) => set(field.name, e.currentTarget.value)}>
                        {(field.options ?? []).map((option) => (
                          <option value={option.value} key={option.value}>
                            {option.label}
                          </option>
                        ))}
                      </select>
                    ) : field.type === 'json' || field.type === 'textarea' ? (
                      <textarea {...props} name={field.name} rows={4} placeholder={field.placeholder} value={String(value ?? '')}
                        onInput={(e) => set(field.name, e.currentTarget.value)} />
                    ) : (
                      <input {...props} name={field.name}
                        type={inputType(field.type) as 'text'}
                        step={field.type === 'number' ? 'any' : undefined}
                        autocomplete={field.autocomplete ?? (field.type === 'password' ? 'new-password' : 'off')}
                        placeholder={field.placeholder} value={String(value ?? '')} onInput={(e) => set(field.name, e.currentTarget.value)} />
                    )
                  }
                </Field>
              );
          }
        })}
      </div>
      {error && !matchesAnyField(apiError, shown) && <ErrorBanner error={error} />}
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="plain" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
